import { CheckCircleFilled, ExclamationCircleFilled, InfoCircleOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Checkbox, Dialog, ErrorBlock, Popup, Result, Stepper } from 'antd-mobile';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { ballotCost, usePbCycle, useVote } from '../../shared/pb/api';
import type { BallotBody, Cycle, ProjectSummary } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { FormError } from '../form-parts';
import { LoadError, Loading, Photos, ProposerTag, SubPage, useYuan } from './parts';

type Choice = Record<number, number>;

/** What a ballot item shows when tapped for more: the proposal's summary, place and photos. */
function ProjectPopup({ p, onClose }: { p: ProjectSummary | null; onClose: () => void }) {
  const yuan = useYuan();
  return (
    <Popup visible={!!p} onMaskClick={onClose} onClose={onClose} position="bottom" bodyClassName="h5-popup" destroyOnClose>
      {p ? (
        <>
          <div className="h5-popup-head">
            <span className="pb-number">{p.number}</span>
            {p.title}
          </div>
          <div className="h5-popup-body pb-stack">
            <div className="h5-case-meta">
              <span className="pb-cost">{yuan(ballotCost(p))}</span>
              <ProposerTag kind={p.proposerKind} name={p.proposerName} />
            </div>
            {p.address ? <div className="h5-note">{p.address}</div> : null}
            <div className="h5-prewrap pb-summary-full">{p.summary}</div>
            <Photos ids={p.photos} />
          </div>
        </>
      ) : null}
    </Popup>
  );
}

/** The running total against the budget (approval) or the points given (cumulative), kept in sight at the bottom. */
function BudgetBar({ cycle, used, flash, minLeftCost }: { cycle: Cycle; used: number; flash: boolean; minLeftCost: number | null }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const cumulative = cycle.voteType === 'cumulative';
  const total = cumulative ? (cycle.pointsPerVoter ?? 0) : cycle.budgetYuan;
  const left = total - used;
  const over = left < 0;
  const full = !over && (cumulative ? left === 0 : minLeftCost === null || minLeftCost > left) && used > 0;
  const tone = over || flash ? 'over' : full ? 'full' : 'ok';
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div
      className={`pb-bbar pb-bbar-${tone}`}
      data-testid={TID.pb.budgetBar}
      data-used={used}
      data-total={total}
      data-over={over ? 'true' : 'false'}
      aria-live="polite"
    >
      <div className="pb-budget-line">
        {cumulative ? (
          <>
            <span className="pb-budget-chosen">{t('pb.vote.points', { used, total })}</span>
            <span className="pb-budget-left">{left === 0 ? t('pb.vote.noPointsLeft') : t('pb.vote.pointsLeft', { left: Math.max(0, left) })}</span>
          </>
        ) : (
          <>
            <span className="pb-budget-chosen">{t('pb.vote.chosen', { amount: yuan(used) })}</span>
            <span className="pb-budget-left">
              {over ? t('pb.vote.over', { amount: yuan(-left) }) : full ? t('pb.vote.full') : t('pb.vote.remaining', { amount: yuan(left) })}
            </span>
          </>
        )}
      </div>
      <div className="pb-budget-track">
        <div className="pb-budget-fill" style={{ width: `${pct}%` }} />
      </div>
      {cumulative ? null : <div className="pb-budget-total">{t('pb.vote.budget', { amount: yuan(total) })}</div>}
    </div>
  );
}

function BallotItem({
  p,
  cycle,
  points,
  left,
  onToggle,
  onPoints,
  onBlocked,
  onInfo,
}: {
  p: ProjectSummary;
  cycle: Cycle;
  points: number;
  left: number;
  onToggle: () => void;
  onPoints: (v: number) => void;
  onBlocked: () => void;
  onInfo: () => void;
}) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const cost = ballotCost(p);
  const cumulative = cycle.voteType === 'cumulative';
  const chosen = points > 0;
  const fits = cumulative ? chosen || left > 0 : chosen || cost <= left;
  const short = cost - left;
  return (
    <div
      className={`pb-ballot-item${chosen ? ' pb-chosen' : ''}${fits ? '' : ' pb-nofit'}`}
      data-testid={TID.pb.voteItem}
      data-number={p.number}
      data-cost={cost}
      data-chosen={chosen ? 'true' : 'false'}
      data-fits={fits ? 'true' : 'false'}
      onClick={cumulative ? undefined : () => (fits ? onToggle() : onBlocked())}
      onKeyDown={
        cumulative
          ? undefined
          : (e) => {
              if (e.key === ' ' || e.key === 'Enter') {
                e.preventDefault();
                if (fits) onToggle();
                else onBlocked();
              }
            }
      }
      tabIndex={cumulative ? undefined : 0}
      role={cumulative ? undefined : 'checkbox'}
      aria-checked={cumulative ? undefined : chosen}
      aria-disabled={!fits}
    >
      {cumulative ? null : (
        // The whole card is the target (bigger than the box); the box only shows the state.
        <Checkbox checked={chosen} disabled={!fits} className="pb-ballot-check" />
      )}
      <div className="pb-ballot-main">
        <div className="pb-ballot-title">
          <span className="pb-number">{p.number}</span>
          {p.title}
        </div>
        <div className="h5-case-meta">
          <span className="pb-cost">{yuan(cost)}</span>
          <ProposerTag kind={p.proposerKind} name={p.proposerName} />
        </div>
        {p.summary ? <div className="pb-summary pb-clamp">{p.summary}</div> : null}
        {!fits ? (
          <div className="pb-nofit-hint">
            <ExclamationCircleFilled /> {cumulative ? t('pb.vote.noPointsLeft') : t('pb.vote.doesNotFit', { short: yuan(short) })}
          </div>
        ) : null}
        {cumulative ? (
          <div className="pb-ballot-points" onClick={(e) => e.stopPropagation()}>
            <Stepper
              min={0}
              max={points + Math.max(0, left)}
              step={1}
              digits={0}
              value={points}
              onChange={(v) => onPoints(Math.max(0, Math.round(Number(v) || 0)))}
              data-testid={TID.pb.votePoints}
            />
          </div>
        ) : null}
      </div>
      <button
        type="button"
        className="pb-info"
        aria-label={t('pb.project.title')}
        onClick={(e) => {
          e.stopPropagation();
          onInfo();
        }}
      >
        <InfoCircleOutlined />
      </button>
    </div>
  );
}

function Thanks({ cycleId }: { cycleId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SubPage title={t('pb.vote.title')} testId={TID.pb.voteDone}>
      <Result status="success" title={t('pb.vote.thanks')} description={t('pb.vote.thanksHint')} />
      <div className="h5-padded">
        <Button block color="primary" onClick={() => navigate(`/pb/${cycleId}`, { replace: true })}>
          {t('pb.vote.back')}
        </Button>
      </div>
    </SubPage>
  );
}

/** 投票: the ballot — approve projects within the budget (knapsack) or spread points; final and secret once cast. */
export function Vote() {
  const { t } = useTranslation();
  const yuan = useYuan();
  const navigate = useNavigate();
  const { cycleId = '' } = useParams();
  const q = usePbCycle(cycleId);
  const vote = useVote(cycleId);
  const [choice, setChoice] = useState<Choice>({});
  const [flash, setFlash] = useState(false);
  const flashTimer = useRef<number | undefined>(undefined);
  const [info, setInfo] = useState<ProjectSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const projects = useMemo(() => (q.data?.projects ?? []).filter((p) => p.status === 'on_ballot').sort((a, b) => a.number - b.number), [q.data]);

  if (done) return <Thanks cycleId={cycleId} />;
  const title = t('pb.vote.title');
  if (q.isPending) {
    return (
      <SubPage title={title}>
        <Loading />
      </SubPage>
    );
  }
  if (q.isError) {
    return (
      <SubPage title={title}>
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      </SubPage>
    );
  }

  const { cycle, me } = q.data;
  const cumulative = cycle.voteType === 'cumulative';
  const back = (
    <div className="h5-padded">
      <Button block onClick={() => navigate(`/pb/${cycleId}`, { replace: true })}>
        {t('pb.vote.back')}
      </Button>
    </div>
  );
  if (cycle.phase !== 'voting' || me.voted || !me.onRoll) {
    const msg = me.voted ? t('pb.cycle.voted') : cycle.phase !== 'voting' ? t('pb.vote.closed') : cycle.voterBasis === 'register' ? t('pb.cycle.notOnRoll') : t('pb.cycle.byCode');
    return (
      <SubPage title={title} testId={TID.pb.vote}>
        <div className={`pb-notice ${me.voted ? 'pb-notice-ok' : 'pb-notice-warn'} pb-notice-page`} data-testid={me.voted ? TID.pb.voted : TID.pb.notOnRoll}>
          {me.voted ? <CheckCircleFilled /> : <ExclamationCircleFilled />} <span>{msg}</span>
        </div>
        {back}
      </SubPage>
    );
  }

  const chosen = projects.filter((p) => (choice[p.number] ?? 0) > 0);
  const used = cumulative ? chosen.reduce((a, p) => a + (choice[p.number] ?? 0), 0) : chosen.reduce((a, p) => a + ballotCost(p), 0);
  const total = cumulative ? (cycle.pointsPerVoter ?? 0) : cycle.budgetYuan;
  const left = total - used;
  const unchosenCosts = projects.filter((p) => !(choice[p.number] ?? 0)).map(ballotCost);
  const minLeftCost = unchosenCosts.length ? Math.min(...unchosenCosts) : null;

  const blocked = () => {
    setFlash(true);
    window.clearTimeout(flashTimer.current);
    flashTimer.current = window.setTimeout(() => setFlash(false), 900);
  };
  const toggle = (n: number) => setChoice((c) => ({ ...c, [n]: c[n] ? 0 : 1 }));
  const setPoints = (n: number, v: number) => setChoice((c) => ({ ...c, [n]: v }));

  const cast = async () => {
    setError(null);
    if (!chosen.length) {
      setError(t('pb.vote.pickOne'));
      return;
    }
    if (left < 0) {
      blocked();
      return;
    }
    const ok = await Dialog.confirm({
      title: t('pb.vote.confirmTitle'),
      content: (
        <div className="pb-confirm">
          <div className="pb-confirm-label">{t('pb.vote.confirmChoices')}</div>
          <ul className="pb-confirm-list">
            {chosen.map((p) => (
              <li key={p.number}>
                <span className="pb-number">{p.number}</span>
                <span className="pb-confirm-title">{p.title}</span>
                <span className="pb-confirm-amount">{cumulative ? t('pb.vote.confirmPoints', { points: choice[p.number] }) : yuan(ballotCost(p))}</span>
              </li>
            ))}
          </ul>
          <div className="pb-confirm-total">
            <span>{t('pb.vote.count', { count: chosen.length })}</span>
            <span>{cumulative ? t('pb.vote.confirmPoints', { points: used }) : yuan(used)}</span>
          </div>
          <p className="pb-confirm-final">{t('pb.vote.confirmFinal')}</p>
          <p className="pb-confirm-secret">
            <LockOutlined /> {t('pb.vote.confirmSecret')}
          </p>
        </div>
      ),
      confirmText: <span data-testid={TID.pb.voteConfirm}>{t('pb.vote.confirmOk')}</span>,
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    const body: BallotBody = { projects: chosen.map((p) => p.number) };
    if (cumulative) body.points = chosen.map((p) => choice[p.number] ?? 0);
    vote.mutate(body, { onSuccess: () => setDone(true), onError: (e) => setError(errorMessage(e)) });
  };

  return (
    <SubPage
      title={title}
      testId={TID.pb.vote}
      footer={
        <div className="pb-vote-footer">
          <BudgetBar cycle={cycle} used={used} flash={flash} minLeftCost={cumulative ? null : minLeftCost} />
          <Button block color="primary" size="large" loading={vote.isPending} disabled={!chosen.length || left < 0} onClick={() => void cast()} data-testid={TID.pb.voteSubmit}>
            {t('pb.vote.submit')}
            {chosen.length ? ` · ${t('pb.vote.count', { count: chosen.length })}` : ''}
          </Button>
        </div>
      }
    >
      <div className="h5-padded pb-vote-intro">
        <div className="pb-card-sub">{cycle.title}</div>
        <p className="h5-note">
          {cumulative ? t('pb.vote.introCumulative', { points: cycle.pointsPerVoter ?? 0 }) : t('pb.vote.introApproval', { budget: yuan(cycle.budgetYuan) })}
        </p>
        <p className="h5-note pb-secret-inline">
          <LockOutlined /> {t('pb.vote.confirmSecret')}
        </p>
      </div>
      <FormError error={error} padded testId={TID.pb.voteError} />
      {projects.length === 0 ? (
        <ErrorBlock status="empty" title={t('pb.vote.noProjects')} description="" />
      ) : (
        <div className="pb-ballot">
          {projects.map((p) => (
            <BallotItem
              key={p.id}
              p={p}
              cycle={cycle}
              points={choice[p.number] ?? 0}
              left={left}
              onToggle={() => toggle(p.number)}
              onPoints={(v) => setPoints(p.number, v)}
              onBlocked={blocked}
              onInfo={() => setInfo(p)}
            />
          ))}
        </div>
      )}
      <ProjectPopup p={info} onClose={() => setInfo(null)} />
    </SubPage>
  );
}
