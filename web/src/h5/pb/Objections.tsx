import { Form, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { pbErrorField, useObject, usePbObjections } from '../../shared/pb/api';
import type { CycleDetail } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { FormError, FormSheet, SubmitButton, TextAreaItem } from '../form-parts';
import { CardHead, Loaded } from './parts';

const WHOLE = '';

function ObjectionForm({ d, open, onClose }: { d: CycleDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ projectId: string[]; body?: string }>();
  const [error, setError] = useState<string | null>(null);
  const m = useObject(d.cycle.id);
  const projects = d.projects.filter((p) => p.status === 'selected' || p.status === 'not_selected' || p.status === 'on_ballot');
  return (
    <FormSheet open={open} onClose={onClose} title={t('pb.objection.add')}>
      <p className="h5-note">{t('pb.objection.hint')}</p>
      <FormError error={error} />
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
          <SubmitButton loading={m.isPending} testId={TID.pb.objectionSubmit}>
            {t('pb.objection.submit')}
          </SubmitButton>
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
        <TextAreaItem
          name="body"
          label={t('pb.objection.body')}
          required={t('pb.objection.required')}
          max={2000}
          rows={4}
          placeholder={t('pb.objection.placeholder')}
          testId={TID.pb.objectionBody}
        />
      </Form>
    </FormSheet>
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
      <CardHead title={t('pb.objection.title')} canAdd={canObject} addLabel={t('pb.objection.add')} onAdd={() => setOpen(true)} addTestId={TID.pb.objectionOpen} />
      {canObject ? <p className="h5-note">{t('pb.objection.hint')}</p> : null}
      <Loaded q={q}>
        {(objections) =>
          objections.length === 0 ? (
            <p className="h5-note">{t('pb.objection.empty')}</p>
          ) : (
            <ul className="pb-thread">
              {objections.map((o) => (
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
          )
        }
      </Loaded>
      {canObject ? <ObjectionForm d={d} open={open} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
