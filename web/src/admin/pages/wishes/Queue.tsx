import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Image, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, fileUrl } from '../../../shared/api';
import { formatDate } from '../../../shared/format';
import { TID } from '../../../shared/testids';
import { useWishCommand, useWishQueue, wishApi, WISH_STATUSES, type PublicTextBody, type Wish, type WishStatus } from '../../../shared/wishes/api';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/States';

const STATUS_COLORS: Record<WishStatus, string> = {
  submitted: 'orange',
  verified: 'blue',
  rejected: 'red',
  published: 'magenta',
  claimed: 'cyan',
  fulfilled: 'gold',
  confirmed: 'green',
  expired: 'default',
  cancelled: 'default',
};

function isStatus(v: string | null): v is WishStatus {
  return !!v && (WISH_STATUSES as readonly string[]).includes(v);
}

const isProtected = (w: Wish) => !!(w.minor || w.hardship);

function VerifyModal({ wish, onClose }: { wish: Wish | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PublicTextBody>();
  const m = useWishCommand((v: { id: string; body: PublicTextBody }) => wishApi.verify(v.id, v.body));
  const needed = !!wish && isProtected(wish);
  const submit = (v: PublicTextBody) => {
    if (!wish) return;
    const body: PublicTextBody = {};
    if (v.publicTitle?.trim()) body.publicTitle = v.publicTitle.trim();
    if (v.publicStory?.trim()) body.publicStory = v.publicStory.trim();
    if (v.handoverNote?.trim()) body.handoverNote = v.handoverNote.trim();
    m.mutate(
      { id: wish.id, body },
      {
        onSuccess: () => {
          void message.success(t('wishes.admin.done'));
          onClose();
        },
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  };
  return (
    <Modal
      open={!!wish}
      title={t('wishes.admin.verifyTitle')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('wishes.admin.verify')}
      okButtonProps={{ loading: m.isPending, ...({ 'data-testid': TID.wishesAdmin.verifySubmit } as Record<string, string>) }}
      onOk={() => form.submit()}
    >
      {wish ? (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ publicTitle: wish.publicTitle ?? '', publicStory: wish.publicStory ?? '', handoverNote: wish.handoverNote ?? '' }}>
          <Typography.Paragraph type={needed ? 'danger' : 'secondary'}>{t('wishes.admin.verifyHint')}</Typography.Paragraph>
          <Form.Item name="publicTitle" label={t('wishes.admin.publicTitle')} rules={[{ required: needed, whitespace: true, message: t('wishes.admin.publicRequired') }, { max: 60 }]}>
            <Input maxLength={60} data-testid={TID.wishesAdmin.verifyPublicTitle} />
          </Form.Item>
          <Form.Item name="publicStory" label={t('wishes.admin.publicStory')} rules={[{ required: needed, whitespace: true, message: t('wishes.admin.publicRequired') }, { max: 2000 }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid={TID.wishesAdmin.verifyPublicStory} />
          </Form.Item>
          <Form.Item name="handoverNote" label={t('wishes.admin.handoverNote')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid={TID.wishesAdmin.verifyHandover} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

function RejectModal({ wish, onClose }: { wish: Wish | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const m = useWishCommand((v: { id: string; reason: string }) => wishApi.reject(v.id, v.reason));
  return (
    <Modal
      open={!!wish}
      title={t('wishes.admin.rejectTitle')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('wishes.admin.reject')}
      okButtonProps={{ danger: true, loading: m.isPending, ...({ 'data-testid': TID.wishesAdmin.rejectSubmit } as Record<string, string>) }}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          wish &&
          m.mutate(
            { id: wish.id, reason: v.reason.trim() },
            {
              onSuccess: () => {
                void message.success(t('wishes.admin.done'));
                onClose();
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      >
        <Form.Item name="reason" label={t('wishes.admin.reason')} rules={[{ required: true, whitespace: true, message: t('wishes.admin.reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid={TID.wishesAdmin.rejectReason} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Details({ w }: { w: Wish }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('wishes.admin.story')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{w.story}</span>
      </Descriptions.Item>
      {w.photos.length ? (
        <Descriptions.Item label={t('wishes.admin.photos')}>
          <Image.PreviewGroup>
            <Space wrap>
              {w.photos.map((id) => (
                <Image key={id} src={fileUrl(id)} width={64} height={64} style={{ objectFit: 'cover' }} />
              ))}
            </Space>
          </Image.PreviewGroup>
        </Descriptions.Item>
      ) : null}
      {w.publicTitle || w.publicStory ? (
        <Descriptions.Item label={t('wishes.detail.publicText')}>
          <strong>{w.publicTitle}</strong>
          <div style={{ whiteSpace: 'pre-wrap' }}>{w.publicStory}</div>
        </Descriptions.Item>
      ) : null}
      {w.handoverNote ? <Descriptions.Item label={t('wishes.detail.handover')}>{w.handoverNote}</Descriptions.Item> : null}
      {w.claimer ? (
        <Descriptions.Item label={t('wishes.detail.claimer')}>
          {t(`wishes.detail.claimerKind.${w.claimer.kind}`)} {w.claimer.name}
        </Descriptions.Item>
      ) : null}
      {w.proof ? (
        <Descriptions.Item label={t('wishes.detail.proof')}>
          <div>{w.proof.note}</div>
          <Space wrap>
            {w.proof.photos.map((id) => (
              <Image key={id} src={fileUrl(id)} width={64} height={64} style={{ objectFit: 'cover' }} />
            ))}
          </Space>
        </Descriptions.Item>
      ) : null}
      {w.rejectReason ? <Descriptions.Item label={t('wishes.admin.reason')}>{w.rejectReason}</Descriptions.Item> : null}
    </Descriptions>
  );
}

/** `/wishes`: the community's queue of micro-wishes by state: verify, reject, publish, confirm for a family. */
export default function WishQueue() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const sp = params.get('status');
  const status: WishStatus = isStatus(sp) ? sp : 'submitted';
  const q = useWishQueue(status);
  const [verifying, setVerifying] = useState<Wish | null>(null);
  const [rejecting, setRejecting] = useState<Wish | null>(null);
  const cmd = useWishCommand((v: { run: () => Promise<{ wish: Wish }> }) => v.run());
  const run = (fn: () => Promise<{ wish: Wish }>) =>
    cmd.mutateAsync({ run: fn }).then(
      () => void message.success(t('wishes.admin.done')),
      (e: unknown) => void message.error(errorMessage(e)),
    );

  const columns: TableColumnsType<Wish> = [
    {
      key: 'title',
      title: t('wishes.admin.columns.title'),
      width: 240,
      render: (_, w) => (
        <div>
          <Typography.Text strong>{w.title}</Typography.Text>
          {w.publicTitle && w.publicTitle !== w.title ? (
            <div>
              <Typography.Text type="secondary">{w.publicTitle}</Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    { key: 'category', title: t('wishes.admin.columns.category'), width: 110, render: (_, w) => t(`wishes.category.${w.category}`) },
    { key: 'value', title: t('wishes.admin.columns.value'), width: 90, align: 'right', render: (_, w) => `¥${w.estimatedValueYuan}` },
    { key: 'deadline', title: t('wishes.admin.columns.deadline'), width: 120, render: (_, w) => formatDate(w.deadline) },
    {
      key: 'flags',
      title: t('wishes.admin.columns.flags'),
      width: 150,
      render: (_, w) => (
        <Space size={4} wrap>
          {w.minor ? <Tag color="purple">{t('wishes.detail.minor')}</Tag> : null}
          {w.hardship ? <Tag color="purple">{t('wishes.detail.hardship')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'beneficiary',
      title: t('wishes.admin.columns.beneficiary'),
      width: 180,
      render: (_, w) => (w.beneficiary ? [w.beneficiary.name, w.beneficiary.phone].filter(Boolean).join(' · ') : t('wishes.admin.noBeneficiary')),
    },
    {
      key: 'status',
      title: t('wishes.admin.columns.status'),
      width: 100,
      render: (_, w) => <Tag color={STATUS_COLORS[w.status]}>{t(`wishes.status.${w.status}`)}</Tag>,
    },
    {
      key: 'actions',
      title: t('wishes.admin.columns.actions'),
      width: 220,
      fixed: 'right',
      render: (_, w) => {
        const c = new Set(w.commands ?? []);
        return (
          <Space size={4} wrap>
            {c.has('verify') ? (
              <Button size="small" type="primary" onClick={() => setVerifying(w)} data-testid={TID.wishesAdmin.verify}>
                {t('wishes.admin.verify')}
              </Button>
            ) : null}
            {c.has('publish') ? (
              <Popconfirm title={t('wishes.admin.publishConfirm')} onConfirm={() => run(() => wishApi.publish(w.id))}>
                <Button size="small" type="primary" data-testid={TID.wishesAdmin.publish}>
                  {t('wishes.admin.publish')}
                </Button>
              </Popconfirm>
            ) : null}
            {c.has('confirm') ? (
              <Popconfirm title={t('wishes.admin.confirmConfirm')} onConfirm={() => run(() => wishApi.confirm(w.id))}>
                <Button size="small" type="primary" data-testid={TID.wishesAdmin.confirm}>
                  {t('wishes.admin.confirm')}
                </Button>
              </Popconfirm>
            ) : null}
            {c.has('reject') ? (
              <Button size="small" danger onClick={() => setRejecting(w)} data-testid={TID.wishesAdmin.reject}>
                {t('wishes.admin.reject')}
              </Button>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid={TID.wishesAdmin.page}>
      <PageHeader
        title={t('wishes.admin.title')}
        subtitle={t('wishes.admin.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>
            {t('wishes.admin.refresh')}
          </Button>
        }
      />
      <Card>
        <Segmented
          data-testid={TID.wishesAdmin.statusTabs}
          value={status}
          onChange={(v) => setParams({ status: String(v) }, { replace: true })}
          options={WISH_STATUSES.map((s) => ({ value: s, label: t(`wishes.status.${s}`) }))}
          style={{ marginBottom: 16, flexWrap: 'wrap' }}
        />
        {q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<Wish>
            data-testid={TID.wishesAdmin.table}
            rowKey="id"
            size="middle"
            loading={q.isPending}
            dataSource={q.data ?? []}
            columns={columns}
            pagination={false}
            locale={{ emptyText: t('wishes.admin.empty') }}
            expandable={{ expandedRowRender: (w) => <Details w={w} /> }}
            onRow={(w) => ({ 'data-wish-id': w.id, 'data-status': w.status }) as HTMLAttributes<HTMLElement>}
            scroll={{ x: 1200 }}
          />
        )}
      </Card>
      <VerifyModal wish={verifying} onClose={() => setVerifying(null)} />
      <RejectModal wish={rejecting} onClose={() => setRejecting(null)} />
    </div>
  );
}
