import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../shared/api';
import { useImportTaxonomy } from '../../../../shared/appeals-config';

/** Imports a three-level taxonomy CSV (level1,level2,level3) beside the existing tree. */
export function ImportTaxonomyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [csv, setCsv] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = useImportTaxonomy();
  const rows = csv.split(/\r?\n/).filter((l) => l.trim() !== '').length;

  const submit = async () => {
    setError(null);
    try {
      const { created } = await run.mutateAsync(csv);
      message.success(t('appealsConfig.importer.done', { count: created }));
      setCsv('');
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('appealsConfig.importer.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('appealsConfig.importer.submit')}
      okButtonProps={{ disabled: csv.trim() === '', ...({ 'data-testid': 'category-import-submit' } as Record<string, string>) }}
      confirmLoading={run.isPending}
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('appealsConfig.importer.help')}</Typography.Paragraph>
      <Flex vertical gap={8}>
        <Upload
          accept=".csv,text/csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then(setCsv);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('appealsConfig.importer.choose')}</Button>
        </Upload>
        <Typography.Text type="secondary">{t('appealsConfig.importer.paste')}</Typography.Text>
        <Input.TextArea rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'level1,level2,level3\n城乡建设,市政设施,路灯故障'} className="tx-mono" data-testid="category-import-csv" />
        {rows > 0 ? <Typography.Text type="secondary">{t('appealsConfig.importer.preview', { rows })}</Typography.Text> : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Flex>
    </Modal>
  );
}
