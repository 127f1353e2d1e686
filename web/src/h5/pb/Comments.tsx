import { Form, Input, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { pbErrorField, useAddComment, usePbComments } from '../../shared/pb/api';
import { PB_PARTS, type Amendment, type Comment, type PbPart, type PbPhase, type ProjectDetail } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { FormError, FormSheet, SubmitButton, TextAreaItem } from '../form-parts';
import { CardHead, Loaded, useYuan } from './parts';

/** When each part may comment (the server's phase table, action `comment`). */
const COMMENT_PHASES: Record<string, readonly PbPhase[]> = {
  resident: ['proposals', 'deliberation'],
  unit: ['proposals', 'deliberation'],
  organiser: ['proposals', 'review', 'deliberation'],
  department: ['review', 'deliberation'],
};

export function mayComment(parts: readonly PbPart[], phase: PbPhase): boolean {
  return parts.some((p) => COMMENT_PHASES[p]?.includes(phase));
}

function partLabel(t: TFunction, part: string): string {
  return (PB_PARTS as readonly string[]).includes(part) ? t(`pb.comments.part.${part as PbPart}`) : part;
}

function AmendmentBox({ c }: { c: Comment }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const a = c.amendment;
  if (!a) return null;
  const status = c.amendmentStatus ?? 'pending';
  return (
    <div className="pb-amendment" data-status={status}>
      <div className="pb-amendment-head">
        <span>{t('pb.comments.amendment')}</span>
        <Tag color={status === 'accepted' ? 'success' : status === 'rejected' ? 'default' : 'warning'} fill="outline">
          {t(`pb.comments.amendmentStatus.${status}`)}
        </Tag>
      </div>
      {a.title ? <div className="pb-amendment-title">{a.title}</div> : null}
      {a.description ? <div className="h5-prewrap">{a.description}</div> : null}
      {a.estimatedCostYuan !== undefined ? <div>{t('pb.comments.amendmentCost', { amount: yuan(a.estimatedCostYuan) })}</div> : null}
    </div>
  );
}

interface Values {
  body?: string;
  amend?: boolean;
  title?: string;
  description?: string;
  cost?: string;
}

function CommentForm({ project, open, onClose }: { project: ProjectDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [amend, setAmend] = useState(false);
  const m = useAddComment(project.id);
  const amendable = project.status === 'proposed' || project.status === 'on_ballot';
  const submit = (v: Values) => {
    setError(null);
    let amendment: Amendment | undefined;
    if (amend) {
      amendment = {};
      if (v.title?.trim()) amendment.title = v.title.trim();
      if (v.description?.trim()) amendment.description = v.description.trim();
      const cost = Number((v.cost ?? '').replace(/[,，\s]/g, ''));
      if (v.cost?.trim() && Number.isFinite(cost)) amendment.estimatedCostYuan = cost;
      if (!Object.keys(amendment).length) amendment = undefined;
    }
    m.mutate(
      { body: v.body?.trim() ?? '', ...(amendment ? { amendment } : {}) },
      {
        onSuccess: () => {
          Toast.show({ icon: 'success', content: t('pb.comments.done') });
          form.resetFields();
          setAmend(false);
          onClose();
        },
        onError: (e) => {
          const full = isApiError(e) ? (e.field ?? '') : '';
          const name = full.startsWith('amendment.') ? full.split('.')[1] : pbErrorField(e);
          const mapped = name === 'estimatedCostYuan' ? 'cost' : name;
          if (mapped && ['body', 'title', 'description', 'cost'].includes(mapped)) form.setFields([{ name: mapped as keyof Values, errors: [errorMessage(e)] }]);
          else setError(errorMessage(e));
        },
      },
    );
  };
  return (
    <FormSheet open={open} onClose={onClose} title={t('pb.comments.add')}>
      <FormError error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        footer={
          <SubmitButton loading={m.isPending} testId={TID.pb.commentSubmit}>
            {t('pb.comments.submit')}
          </SubmitButton>
        }
      >
        <TextAreaItem
          name="body"
          label={t('pb.comments.body')}
          required={t('pb.comments.required')}
          max={2000}
          rows={3}
          placeholder={t('pb.comments.placeholder')}
          testId={TID.pb.commentBody}
        />
        {amendable ? (
          <Form.Item label={t('pb.comments.amend')} layout="horizontal" childElementPosition="right">
            <Switch checked={amend} onChange={setAmend} data-testid={TID.pb.commentAmend} />
          </Form.Item>
        ) : null}
        {amend ? (
          <>
            <Form.Item name="title" label={t('pb.comments.amendTitle')} rules={[{ max: 100, message: t('validation.max', { max: 100 }) }]}>
              <Input placeholder={project.title} maxLength={100} clearable data-testid={TID.pb.commentAmendTitle} />
            </Form.Item>
            <Form.Item name="description" label={t('pb.comments.amendDescription')} rules={[{ max: 5000, message: t('validation.max', { max: 5000 }) }]}>
              <TextArea rows={3} maxLength={5000} />
            </Form.Item>
            <Form.Item name="cost" label={t('pb.comments.amendCost')}>
              <Input inputMode="decimal" placeholder={String(project.estimatedCostYuan)} clearable data-testid={TID.pb.commentAmendCost} />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </FormSheet>
  );
}

/** 意见与修改建议: deliberation comments on a project, oldest first; adding one in the comment phases. */
export function Comments({ project, canComment }: { project: ProjectDetail; canComment: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const q = usePbComments(project.id);
  return (
    <div className="h5-card" data-testid={TID.pb.comments}>
      <CardHead title={t('pb.comments.title')} canAdd={canComment} addLabel={t('pb.comments.add')} onAdd={() => setOpen(true)} addTestId={TID.pb.commentOpen} />
      <Loaded q={q}>
        {(comments) =>
          comments.length === 0 ? (
            <p className="h5-note">{t('pb.comments.empty')}</p>
          ) : (
            <ul className="pb-thread">
              {comments.map((c) => (
                <li key={c.id} className="pb-thread-item" data-testid={TID.pb.commentItem} data-part={c.authorPart}>
                  <div className="pb-thread-meta">
                    <span className="pb-thread-author">{c.authorName ?? '—'}</span>
                    <span className={`pb-part pb-part-${c.authorPart}`}>{partLabel(t, c.authorPart)}</span>
                    <span>{formatDateTime(c.createdAt)}</span>
                  </div>
                  <div className="h5-prewrap">{c.body}</div>
                  <AmendmentBox c={c} />
                  {c.answer ? <div className="pb-answer">{t('pb.comments.answer', { answer: c.answer })}</div> : null}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {canComment ? <CommentForm project={project} open={open} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
