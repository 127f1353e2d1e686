import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { pbAdminApi, pbMay, type ObjectionAnswerBody } from '../../../shared/pb/admin-api';
import { pbKeys, usePbObjections } from '../../../shared/pb/api';
import type { CycleDetail, Objection } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { ErrorState } from '../../components/States';
import { numberLabel, PbErrorAlert, SmallNote } from './common';

function AnswerForm({ cycleId, objection }: { cycleId: string; objection: Objection }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState('');
  const [upheld, setUpheld] = useState<boolean | null>(null);
  const send = useMutation({
    mutationFn: (body: ObjectionAnswerBody) => pbAdminApi.answerObjection(objection.id, body),
    onSuccess: () => {
      void message.success(t('pbAdmin.objections.answered'));
      void qc.invalidateQueries({ queryKey: pbKeys.objections(cycleId) });
    },
  });
  return (
    <div style={{ marginTop: 8 }}>
      {send.isError ? <PbErrorAlert error={send.error} onClose={() => send.reset()} /> : null}
      <Input.TextArea
        rows={2}
        maxLength={2000}
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
        placeholder={t('pbAdmin.objections.answerPlaceholder')}
        data-testid={TID.pbAdmin.objectionAnswer}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }} gap={8} wrap>
        <Radio.Group
          value={upheld}
          onChange={(e) => setUpheld(e.target.value as boolean)}
          data-testid={TID.pbAdmin.objectionUpheld}
          options={[
            { value: true, label: t('pbAdmin.objections.upheld') },
            { value: false, label: t('pbAdmin.objections.dismissed') },
          ]}
        />
        <Button
          type="primary"
          size="small"
          disabled={!answer.trim() || upheld === null}
          loading={send.isPending}
          onClick={() => upheld !== null && send.mutate({ answer: answer.trim(), upheld })}
          data-testid={TID.pbAdmin.objectionSubmit}
        >
          {t('pbAdmin.objections.submit')}
        </Button>
      </Flex>
    </div>
  );
}

/** Objections raised during publicity (公示), each answered: upheld or not, with the reason. Unanswered ones hold the cycle in publicity. */
export function ObjectionsCard({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { cycle, parts } = detail;
  const objections = usePbObjections(cycle.id);
  const canAnswer = pbMay(parts, 'answer_objections', cycle.phase);
  const open = (objections.data ?? []).filter((o) => !o.answeredAt).length;
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          {t('pbAdmin.objections.title')}
          {open ? <Tag color="red">{t('pbAdmin.objections.open', { count: open })}</Tag> : null}
        </Flex>
      }
      data-testid={TID.pbAdmin.objections}
    >
      {objections.isError ? (
        <ErrorState error={objections.error} onRetry={() => void objections.refetch()} compact />
      ) : !objections.data?.length ? (
        <Typography.Text type="secondary">{objections.isPending ? t('common.loading') : t('pbAdmin.objections.empty')}</Typography.Text>
      ) : (
        <div className="tx-rows">
          {objections.data.map((o) => (
            <div key={o.id} className="tx-row" style={{ display: 'block', background: o.answeredAt ? undefined : '#fffbe6' }} data-testid="pb-objection">
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{o.authorName}</Typography.Text>
                {o.projectNumber !== null ? <Tag>{numberLabel(o.projectNumber)}</Tag> : <Tag>{t('pbAdmin.objections.wholeResult')}</Tag>}
                <SmallNote>{formatDateTime(o.createdAt)}</SmallNote>
                {o.answeredAt ? (
                  <Tag color={o.upheld ? 'orange' : 'default'}>{o.upheld ? t('pbAdmin.objections.upheld') : t('pbAdmin.objections.dismissed')}</Tag>
                ) : (
                  <Tag color="red">{t('pbAdmin.objections.waiting')}</Tag>
                )}
              </Flex>
              <div className="tx-prewrap" style={{ marginTop: 4 }}>
                {o.body}
              </div>
              {o.answer ? (
                <Typography.Paragraph type="secondary" style={{ marginTop: 6, marginBottom: 0 }}>
                  {t('pbAdmin.objections.answerLine', { answer: o.answer, at: formatDateTime(o.answeredAt) })}
                </Typography.Paragraph>
              ) : canAnswer ? (
                <AnswerForm cycleId={cycle.id} objection={o} />
              ) : null}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
