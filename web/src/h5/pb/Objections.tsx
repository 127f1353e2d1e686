import { Button, Form, Popup, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { pbErrorField, useObject, usePbObjections } from '../../shared/pb/api';
import type { CycleDetail } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { LoadError, Loading } from './parts';

const WHOLE = '';

function ObjectionForm({ d, open, onClose }: { d: CycleDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ projectId: string[]; body?: string }>();
  const [error, setError] = useState<string | null>(null);
  const m = useObject(d.cycle.id);
  const projects = d.projects.filter((p) => p.status === 'selected' || p.status === 'not_selected' || p.status === 'on_ballot');
  return (
    <Popup visible={open} onMaskClick={onClose} onClose={onClose} position="bottom" bodyClassName="h5-popup" destroyOnClose>
      <div className="h5-popup-head">{t('pb.objection.add')}</div>
      <div className="h5-popup-body">
        <p className="h5-note">{t('pb.objection.hint')}</p>
        {error ? (
          <div className="h5-error" role="alert">
            {error}
          </div>
        ) : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ projectId: [WHOLE] }}
          onFinish={(v) => {
            setError(null);
            const projectId = v.projectId[0];
            m.mutate(
              { body: v.body?.trim() ?? '', ...(projectId ? { projectId } : {}) },
              {
                onSuccess: () => {
                  Toast.show({ icon: 'success', content: t('pb.objection.done') });
                  form.resetFields();
                  onClose();
                },
                onError: (e) => {
                  const f = pbErrorField(e);
                  if (f === 'body' || f === 'projectId') form.setFields([{ name: f, errors: [errorMessage(e)] }]);
                  else setError(errorMessage(e));
                },
              },
            );
          }}
          footer={
            <Button block type="submit" color="primary" size="large" loading={m.isPending} data-testid={TID.pb.objectionSubmit}>
              {t('pb.objection.submit')}
            </Button>
          }
        >
          <Form.Item name="projectId" label={t('pb.objection.project')}>
            <Selector
              columns={1}
              data-testid={TID.pb.objectionProject}
              options={[
                { value: WHOLE, label: t('pb.objection.wholeResult') },
                ...projects.map((p) => ({ value: p.id, label: `${p.number}. ${p.title}` })),
              ]}
            />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('pb.objection.body')}
            rules={[
              { required: true, whitespace: true, message: t('pb.objection.required') },
              { max: 2000, message: t('validation.max', { max: 2000 }) },
            ]}
          >
            <TextArea rows={4} maxLength={2000} showCount placeholder={t('pb.objection.placeholder')} data-testid={TID.pb.objectionBody} />
          </Form.Item>
        </Form>
      </div>
    </Popup>
  );
}

/** 异议: during publicity residents object to the result or a project; answered objections (and mine) are listed. */
export function Objections({ d }: { d: CycleDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const q = usePbObjections(d.cycle.id);
  const canObject = d.cycle.phase === 'publicity' && (d.parts.includes('resident') || d.parts.includes('unit'));
  return (
    <div className="h5-card" data-testid={TID.pb.objections}>
      <div className="pb-card-head">
        <span className="h5-card-title">{t('pb.objection.title')}</span>
        {canObject ? (
          <Button size="small" color="primary" fill="outline" onClick={() => setOpen(true)} data-testid={TID.pb.objectionOpen}>
            {t('pb.objection.add')}
          </Button>
        ) : null}
      </div>
      {canObject ? <p className="h5-note">{t('pb.objection.hint')}</p> : null}
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <p className="h5-note">{t('pb.objection.empty')}</p>
      ) : (
        <ul className="pb-thread">
          {q.data.map((o) => (
            <li key={o.id} className="pb-thread-item" data-testid={TID.pb.objectionItem} data-mine={o.mine ? 'true' : 'false'} data-answered={o.answeredAt ? 'true' : 'false'}>
              <div className="pb-thread-meta">
                <span>{o.authorName ?? '—'}</span>
                {o.mine ? <Tag color="primary" fill="outline">{t('pb.objection.mine')}</Tag> : null}
                <span>{o.projectNumber ? t('pb.objection.aboutProject', { number: o.projectNumber }) : t('pb.objection.wholeResult')}</span>
                <span>{formatDateTime(o.createdAt)}</span>
              </div>
              <div className="h5-prewrap">{o.body}</div>
              {o.answeredAt ? (
                <div className="pb-answer">
                  <Tag color={o.upheld ? 'success' : 'default'} fill="outline">
                    {o.upheld ? t('pb.objection.upheld') : t('pb.objection.notUpheld')}
                  </Tag>{' '}
                  {o.answer ? t('pb.objection.answer', { answer: o.answer }) : null}
                </div>
              ) : (
                <div className="h5-note">{t('pb.objection.waiting')}</div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canObject ? <ObjectionForm d={d} open={open} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
