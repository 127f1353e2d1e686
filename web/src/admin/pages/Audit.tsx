import { CheckCircleOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../shared/api';
import { formatDateTime, formatNumber, shanghaiDayEnd, shanghaiDayStart } from '../../shared/format';
import { TID } from '../../shared/testids';
import type { AuditEntry, AuditResult, AuditVerify, Page } from '../../shared/types';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState } from '../components/States';

interface FilterValues {
  actor?: string;
  action?: string;
  subjectType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface Filters {
  actor?: string;
  action?: string;
  subjectType?: string;
  from?: string;
  to?: string;
}

const RESULT_COLORS: Record<AuditResult, string> = { ok: 'success', denied: 'warning', error: 'error' };

function ResultTag({ result }: { result: AuditResult }) {
  const { t } = useTranslation();
  return <Tag color={RESULT_COLORS[result] ?? 'default'}>{t(`audit.result.${result}`)}</Tag>;
}

function VerifyResult({ data, onClose }: { data: AuditVerify; onClose: () => void }) {
  const { t } = useTranslation();
  const checked = formatNumber(data.checked);
  return data.ok ? (
    <Alert
      type="success"
      showIcon
      icon={<CheckCircleOutlined />}
      title={t('audit.verifyOk', { checked })}
      closable={{ onClose }}
      data-testid="audit-verify-result"
    />
  ) : (
    <Alert
      type="error"
      showIcon
      icon={<WarningOutlined />}
      title={t('audit.verifyBroken', { checked, brokenAt: data.brokenAt ?? '?' })}
      description={t('audit.verifyBrokenHint')}
      closable={{ onClose }}
      data-testid="audit-verify-result"
    />
  );
}

export default function Audit() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [verify, setVerify] = useState<AuditVerify | null>(null);

  const list = useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const verifyM = useMutation({
    mutationFn: () => api.get<AuditVerify>('/api/audit/verify'),
    onSuccess: setVerify,
  });

  const apply = (v: FilterValues) => {
    const from = v.range?.[0];
    const to = v.range?.[1];
    setFilters({
      ...(v.actor?.trim() ? { actor: v.actor.trim() } : {}),
      ...(v.action?.trim() ? { action: v.action.trim() } : {}),
      ...(v.subjectType?.trim() ? { subjectType: v.subjectType.trim() } : {}),
      ...(from ? { from: shanghaiDayStart(from.format('YYYY-MM-DD')) } : {}),
      ...(to ? { to: shanghaiDayEnd(to.format('YYYY-MM-DD')) } : {}),
    });
    setPage(1);
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.field.at'),
      dataIndex: 'at',
      width: 170,
      render: (v: string) => <span className="tx-mono">{formatDateTime(v, true)}</span>,
    },
    {
      title: t('audit.field.actor'),
      dataIndex: 'actorName',
      width: 140,
      render: (v: string | null, r) =>
        v ?? (r.actorId ? <span className="tx-mono">{r.actorId}</span> : <span className="tx-muted">{t('audit.anonymous')}</span>),
    },
    {
      title: t('audit.field.action'),
      dataIndex: 'action',
      width: 200,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('audit.field.subject'),
      key: 'subject',
      render: (_, r) =>
        r.subjectType ? (
          <span>
            <Tag>{r.subjectType}</Tag>
            {r.subjectId ? (
              <Tooltip title={r.subjectId}>
                <span className="tx-mono tx-ellipsis">{r.subjectId}</span>
              </Tooltip>
            ) : null}
          </span>
        ) : (
          <span className="tx-muted">{t('common.dash')}</span>
        ),
    },
    {
      title: t('audit.field.ip'),
      dataIndex: 'ip',
      width: 140,
      render: (v: string | null) => (v ? <span className="tx-mono">{v}</span> : <span className="tx-muted">{t('common.dash')}</span>),
    },
    {
      title: t('audit.field.result'),
      dataIndex: 'result',
      width: 100,
      render: (v: AuditResult) => <ResultTag result={v} />,
    },
  ];

  return (
    <div className="tx-page">
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verifyM.isPending}
            onClick={() => verifyM.mutate()}
            data-testid={TID.auditVerify}
          >
            {t('audit.verify')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        {verify ? <VerifyResult data={verify} onClose={() => setVerify(null)} /> : null}
        {verifyM.isError ? (
          <Alert type="error" showIcon title={errorMessage(verifyM.error)} closable={{ onClose: () => verifyM.reset() }} />
        ) : null}
        <Card variant="borderless">
          <Form<FilterValues> form={form} layout="inline" onFinish={apply} className="tx-filters" name="auditFilters">
            <Form.Item name="actor">
              <Input placeholder={t('audit.filter.actor')} allowClear style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="action">
              <Input placeholder={t('audit.filter.action')} allowClear style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="subjectType">
              <Input placeholder={t('audit.filter.subjectType')} allowClear style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="range">
              <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t('audit.filter.from'), t('audit.filter.to')]} />
            </Form.Item>
            <Form.Item>
              <Flex gap={8}>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('common.search')}
                </Button>
                <Button
                  icon={<ReloadOutlined />}
                  onClick={() => {
                    form.resetFields();
                    setFilters({});
                    setPage(1);
                  }}
                >
                  {t('common.reset')}
                </Button>
              </Flex>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" className="tx-form-note" style={{ marginTop: 8 }}>
            {t('audit.timezoneNote')}
          </Typography.Paragraph>
          {list.isError && !list.data ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <div data-testid={TID.auditTable}>
              <Table<AuditEntry>
                rowKey={(r) => String(r.id)}
                size="middle"
                columns={columns}
                dataSource={list.data?.items ?? []}
                loading={list.isFetching}
                scroll={{ x: 1000 }}
                expandable={{
                  expandedRowRender: (r) => (
                    <Flex vertical gap={8}>
                      <Descriptions
                        size="small"
                        column={{ xs: 1, md: 2 }}
                        items={[
                          { key: 'id', label: t('audit.field.id'), children: <span className="tx-mono">{String(r.id)}</span> },
                          {
                            key: 'request',
                            label: t('audit.field.requestId'),
                            children: r.requestId ? <Typography.Text copyable className="tx-mono">{r.requestId}</Typography.Text> : t('common.dash'),
                          },
                          {
                            key: 'subject',
                            label: t('audit.field.subject'),
                            children: r.subjectId ? (
                              <Typography.Text copyable className="tx-mono">
                                {r.subjectId}
                              </Typography.Text>
                            ) : (
                              t('common.dash')
                            ),
                          },
                          {
                            key: 'actor',
                            label: t('audit.field.actorId'),
                            children: r.actorId ? <span className="tx-mono">{r.actorId}</span> : t('common.dash'),
                          },
                        ]}
                      />
                      {r.detail && Object.keys(r.detail).length > 0 ? (
                        <pre className="tx-json">{JSON.stringify(r.detail, null, 2)}</pre>
                      ) : null}
                    </Flex>
                  ),
                }}
                locale={{ emptyText: <EmptyState description={t('audit.empty')} /> }}
                pagination={{
                  current: page,
                  pageSize,
                  total: list.data?.total ?? 0,
                  showSizeChanger: true,
                  pageSizeOptions: [20, 50, 100],
                  showTotal: (total) => t('common.total', { total }),
                  onChange: (p, s) => {
                    setPage(s !== pageSize ? 1 : p);
                    setPageSize(s);
                  },
                }}
              />
            </div>
          )}
        </Card>
      </Flex>
    </div>
  );
}
