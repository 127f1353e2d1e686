import { GiftOutlined } from '@ant-design/icons';
import { Image, Tag } from 'antd-mobile';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileUrl } from '../../shared/api';
import type { RedemptionStatus } from '../../shared/store/api';
import { TID } from '../../shared/testids';
import './store.css';

export { Loaded, LoadError, Loading, SubPage } from '../pb/parts';

const STATUS_COLORS: Record<RedemptionStatus, string> = { issued: '#e8731a', honoured: '#2f9e5b', cancelled: '#8c8c8c' };

export function RedemptionStatusTag({ status }: { status: RedemptionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} fill="outline" data-status={status}>
      {t(`store.status.${status}`)}
    </Tag>
  );
}

/** An item's photo, or a gift icon when it has none. */
export function ItemPhoto({ id, size = 72 }: { id: string | null; size?: number }) {
  return (
    <div className="store-item-photo" style={{ width: size, height: size }}>
      {id ? <Image src={fileUrl(id)} width={size} height={size} fit="cover" /> : <GiftOutlined />}
    </div>
  );
}

/** `ABCD2345` → `ABCD 2345` (easier to read aloud). */
export function spacedCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** The code large, and its QR code (the raw code) for the merchant to scan. */
export function CodeDisplay({ code, small }: { code: string; small?: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(code, { margin: 1, width: 400, errorCorrectionLevel: 'M' })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <>
      {src ? <img className="store-qr" src={src} alt={code} data-testid={TID.store.qr} style={small ? { width: 160, height: 160 } : undefined} /> : null}
      <div className={small ? 'store-code store-code-small' : 'store-code'} data-testid={TID.store.code} data-code={code}>
        {spacedCode(code)}
      </div>
    </>
  );
}
