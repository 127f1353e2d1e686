import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api';
import { appealKeys, rateAppeal, SATISFACTIONS, systemVisit, type AppealDetail, type Satisfaction } from '../../shared/appeals';
import { formatDateTime } from '../../shared/format';
import { FormError } from '../form-parts';
import './rating.css';

const COMMENT_MAX = 500;

/** The resident's own rating: the result, when, their comment, and the system's visit made from it. */
function MyRating({ a, onChange }: { a: AppealDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const mine = a.myRating;
  if (!mine) return null;
  const entry = [...a.transitions].reverse().find((x) => x.command === 'rate' && x.at === mine.at);
  const visit = systemVisit(a.transitions);
  const visitAfter = visit && Date.parse(visit.at) >= Date.parse(mine.at) ? visit : null;
  return (
    <div className="h5-rating-mine" data-testid="h5-my-rating" data-result={mine.result}>
      <div className={`h5-rating-result h5-rating-${mine.result}`}>{t('appeals.h5.rate.mine', { result: t(`appeals.satisfaction.${mine.result}`) })}</div>
      <p className="h5-note">{t('appeals.h5.rate.at', { at: formatDateTime(mine.at) })}</p>
      {entry?.note ? <div className="h5-prewrap h5-rating-comment">{entry.note}</div> : null}
      {visitAfter?.data?.result ? (
        <div className="h5-rating-visit" data-testid="h5-system-visit">
          {t('appeals.h5.rate.systemVisited', { result: t(`appeals.satisfaction.${visitAfter.data.result}`) })}
        </div>
      ) : a.canRate ? (
        <div className="h5-rating-change">
          <span className="h5-note">{t('appeals.h5.rate.changeable')}</span>
          <Button size="mini" fill="outline" color="primary" onClick={onChange} data-testid="h5-rating-change">
            {t('appeals.h5.rate.change')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** The form: 满意 / 基本满意 / 不满意 and an optional comment. */
function RatingForm({ a, onDone }: { a: AppealDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [result, setResult] = useState<Satisfaction | null>(a.myRating?.result ?? null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (r: Satisfaction) => rateAppeal(a.id, r, comment.trim() || undefined),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('appeals.h5.rate.done') });
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      onDone();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = () => {
    setError(null);
    if (!result) return setError(t('appeals.h5.rate.pick'));
    m.mutate(result);
  };
  return (
    <div className="h5-rating-form" data-testid="h5-rating-form">
      <p className="h5-note">{t('appeals.h5.rate.hint')}</p>
      <FormError error={error} testId="h5-rating-error" />
      <div data-testid="h5-rating-result">
        <Selector<Satisfaction>
          columns={3}
          value={result ? [result] : []}
          onChange={(v) => setResult(v[0] ?? null)}
          options={SATISFACTIONS.map((s) => ({ value: s, label: t(`appeals.satisfaction.${s}`) }))}
        />
      </div>
      <div className="h5-rating-label">{t('appeals.h5.rate.comment')}</div>
      <div className="h5-rating-textarea" data-testid="h5-rating-comment">
        <TextArea value={comment} onChange={setComment} rows={3} maxLength={COMMENT_MAX} showCount placeholder={t('appeals.h5.rate.commentPlaceholder')} />
      </div>
      <Button block color="primary" loading={m.isPending} disabled={!result} onClick={submit} data-testid="h5-rating-submit">
        {t('appeals.h5.rate.submit')}
      </Button>
    </div>
  );
}

/**
 * A caller rates the handling of their case (评价) once the handler has replied; afterwards the card shows their
 * rating and, when the system made the return visit from it, the visit's result.
 */
export function RatingCard({ a }: { a: AppealDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  if (!a.canRate && !a.myRating) return null;
  const showForm = a.canRate && (!a.myRating || editing);
  return (
    <section className="h5-card" data-testid="h5-rating">
      <div className="h5-card-title">{t(showForm ? 'appeals.h5.rate.title' : 'appeals.h5.rate.titleDone')}</div>
      {showForm ? <RatingForm a={a} onDone={() => setEditing(false)} /> : <MyRating a={a} onChange={() => setEditing(true)} />}
    </section>
  );
}
