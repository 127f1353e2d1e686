import { CopyOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { TID } from '../../../shared/testids';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Prints the codes as slips to cut apart (through a hidden frame: nothing is stored, nothing leaves the browser). */
function printSlips(title: string, codes: readonly string[], note: string, heading: string) {
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  document.body.appendChild(frame);
  const doc = frame.contentDocument;
  const win = frame.contentWindow;
  if (!doc || !win) {
    frame.remove();
    return;
  }
  const slips = codes
    .map((c) => `<div class="slip"><div class="t">${escapeHtml(title)}</div><div class="h">${escapeHtml(heading)}</div><div class="c">${escapeHtml(c)}</div><div class="n">${escapeHtml(note)}</div></div>`)
    .join('');
  doc.open();
  doc.write(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
      body{font-family:sans-serif;margin:12mm}
      .grid{display:grid;grid-template-columns:repeat(3,1fr);gap:0}
      .slip{border:1px dashed #999;padding:10px 12px;break-inside:avoid;text-align:center}
      .t{font-size:12px;color:#555}.h{font-size:11px;color:#888;margin-top:4px}
      .c{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:20px;font-weight:700;letter-spacing:1px;margin:6px 0}
      .n{font-size:10px;color:#666}
    </style></head><body><div class="grid">${slips}</div></body></html>`,
  );
  doc.close();
  win.focus();
  win.print();
  window.setTimeout(() => frame.remove(), 60_000);
}

/** The codes just issued: shown this once (only their HMACs are kept), to print and hand out. */
export function CodesModal({ cycleTitle, codes, onClose }: { cycleTitle: string; codes: string[] | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const close = () =>
    modal.confirm({
      title: t('pbAdmin.codes.closeTitle'),
      content: t('pbAdmin.codes.closeBody'),
      okText: t('pbAdmin.codes.closeOk'),
      cancelText: t('common.cancel'),
      onOk: onClose,
    });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText((codes ?? []).join('\n'));
      void message.success(t('pbAdmin.codes.copied'));
    } catch {
      void message.error(t('pbAdmin.codes.copyFailed'));
    }
  };
  return (
    <Modal
      open={!!codes}
      title={t('pbAdmin.codes.issued', { count: codes?.length ?? 0 })}
      onCancel={close}
      maskClosable={false}
      width={760}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            {t('pbAdmin.codes.copy')}
          </Button>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => printSlips(cycleTitle, codes ?? [], t('pbAdmin.codes.slipNote'), t('pbAdmin.codes.slipHeading'))}
            data-testid={TID.pbAdmin.codesPrint}
          >
            {t('pbAdmin.codes.print')}
          </Button>
          <Button onClick={close}>{t('common.close')}</Button>
        </Flex>
      }
    >
      <Alert type="warning" showIcon title={t('pbAdmin.codes.onceOnly')} style={{ marginBottom: 12 }} />
      <div
        data-testid={TID.pbAdmin.codesList}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: '6px 16px', maxHeight: 420, overflow: 'auto', padding: 4 }}
      >
        {(codes ?? []).map((c, i) => (
          <span key={c} className="tx-mono" style={{ fontSize: 14 }}>
            <span style={{ color: '#999', display: 'inline-block', width: 40, textAlign: 'right', marginInlineEnd: 8 }}>{i + 1}</span>
            {c}
          </span>
        ))}
      </div>
    </Modal>
  );
}
