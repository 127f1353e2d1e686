import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Flex, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { pbAdminApi, type DecideBody } from '../../../shared/pb/admin-api';
import { pbKeys, usePbComments } from '../../../shared/pb/api';
import type { Comment } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { ErrorState, Loading } from '../../components/States';
import { PbErrorAlert, SmallNote, yuan } from './common';

const AMENDMENT_COLORS = { pending: 'orange', accepted: 'green', rejected: 'default' } as const;

function AmendmentBox({ comment }: { comment: Comment }) {
  const { t } = useTranslation();
  const a = comment.amendment;
  if (!a) return null;
  const items = [
    ...(a.title !== undefined ? [{ key: 'title', label: t('pbAdmin.comments.newTitle'), children: a.title }] : []),
    ...(a.description !== undefined ? [{ key: 'description', label: t('pbAdmin.comments.newDescription'), children: <div className="tx-prewrap">{a.description}</div> }] : []),
    ...(a.estimatedCostYuan !== undefined ? [{ key: 'cost', label: t('pbAdmin.comments.newCost'), children: yuan(t, a.estimatedCostYuan) }] : []),
  ];
  return (
    <div style={{ marginTop: 8, padding: 8, background: '#fafafa', borderRadius: 6 }}>
      <Flex gap={8} align="center" style={{ marginBottom: 6 }}>
        <Typography.Text strong style={{ fontSize: 12 }}>
          {t('pbAdmin.comments.amendment')}
        </Typography.Text>
        {comment.amendmentStatus ? <Tag color={AMENDMENT_COLORS[comment.amendmentStatus]}>{t(`pbAdmin.comments.status.${comment.amendmentStatus}`)}</Tag> : null}
      </Flex>
      <Descriptions column={1} size="small" items={items} styles={{ label: { width: 90 } }} />
    </div>
  );
}

function Decide({ comment, cycleId, projectId }: { comment: Comment; cycleId: string; projectId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState('');
  const decide = useMutation({
    mutationFn: (body: DecideBody) => pbAdminApi.decide(comment.id, body),
    onSuccess: (_, body) => {
      void message.success(t(body.accept ? 'pbAdmin.comments.accepted' : 'pbAdmin.comments.rejected'));
      void qc.invalidateQueries({ queryKey: pbKeys.comments(projectId) });
      void qc.invalidateQueries({ queryKey: pbKeys.project(projectId) });
      void qc.invalidateQueries({ queryKey: pbKeys.cycle(cycleId) });
    },
  });
  const send = (accept: boolean) => decide.mutate({ accept, ...(answer.trim() ? { answer: answer.trim() } : {}) });
  return (
    <div style={{ marginTop: 8 }}>
      {decide.isError ? <PbErrorAlert error={decide.error} onClose={() => decide.reset()} /> : null}
      <Input.TextArea
        rows={2}
        maxLength={1000}
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
        placeholder={t('pbAdmin.comments.answerPlaceholder')}
        data-testid={TID.pbAdmin.commentAnswer}
      />
      <Flex gap={8} justify="flex-end" style={{ marginTop: 8 }}>
        <Button size="small" danger loading={decide.isPending && decide.variables?.accept === false} onClick={() => send(false)} data-testid={TID.pbAdmin.commentReject}>
          {t('pbAdmin.comments.reject')}
        </Button>
        <Button size="small" type="primary" loading={decide.isPending && decide.variables?.accept === true} onClick={() => send(true)} data-testid={TID.pbAdmin.commentAccept}>
          {t('pbAdmin.comments.accept')}
        </Button>
      </Flex>
    </div>
  );
}

/** The comments on a proposal, oldest first; amendments waiting for a decision can be accepted (applied to the text) or rejected. */
export function CommentsPanel({ cycleId, projectId, canDecide }: { cycleId: string; projectId: string; canDecide: boolean }) {
  const { t } = useTranslation();
  const comments = usePbComments(projectId);
  if (comments.isPending) return <Loading minHeight={80} />;
  if (comments.isError) return <ErrorState error={comments.error} onRetry={() => void comments.refetch()} compact />;
  if (comments.data.length === 0) return <Typography.Text type="secondary">{t('pbAdmin.comments.empty')}</Typography.Text>;
  return (
    <div className="tx-rows" data-testid="pb-comments">
      {comments.data.map((c) => (
        <div key={c.id} className="tx-row" style={{ display: 'block' }} data-testid="pb-comment">
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong>{c.authorName}</Typography.Text>
            <Tag>{t(`pbAdmin.part.${(['resident', 'organiser', 'overseer', 'unit', 'department'] as const).find((p) => p === c.authorPart) ?? 'resident'}`)}</Tag>
            <SmallNote>{formatDateTime(c.createdAt)}</SmallNote>
          </Flex>
          <div className="tx-prewrap" style={{ marginTop: 4 }}>
            {c.body}
          </div>
          <AmendmentBox comment={c} />
          {c.answer ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 6, marginBottom: 0, fontSize: 13 }}>
              {t('pbAdmin.comments.answer', { answer: c.answer })}
            </Typography.Paragraph>
          ) : null}
          {canDecide && c.amendment && c.amendmentStatus === 'pending' ? <Decide comment={c} cycleId={cycleId} projectId={projectId} /> : null}
        </div>
      ))}
    </div>
  );
}
