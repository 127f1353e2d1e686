import { DownloadOutlined, FileExcelOutlined, GlobalOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../../../shared/api';
import type { RegionDetail } from '../../../shared/types';

/** Downloads a region and what lies below it as GeoJSON or Excel. */
export function ExportButton({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'geojson' | 'xlsx') => {
    setBusy(true);
    try {
      const base = region.code || region.name;
      await downloadFile(`/api/regions/${encodeURIComponent(region.id)}/export`, { format }, `${base}.${format}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'geojson', icon: <GlobalOutlined />, label: t('regions.export.geojson') },
          { key: 'xlsx', icon: <FileExcelOutlined />, label: t('regions.export.xlsx') },
        ],
        onClick: ({ key }) => void run(key === 'xlsx' ? 'xlsx' : 'geojson'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy}>
        {t('regions.export.button')}
      </Button>
    </Dropdown>
  );
}
