import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, ErrorBlock, Tabs } from 'antd-mobile';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { usePbAccountability, usePbCycle } from '../../shared/pb/api';
import { phaseDatesText, phaseReached } from '../../shared/pb/labels';
import type { CycleDetail, ProjectSummary } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { Fact, LoadError, Loaded, Loading, Meter, PhaseDatesList, PhaseSteps, ProjectStatusTag, ProjectTitle, ProposerTag, SubPage, useYuan } from './parts';

export function ProjectCard({ p, onOpen }: { p: ProjectSummary; onOpen: () => void }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  return (
    <button type="button" className="h5-case" onClick={onOpen} data-testid={TID.pb.projectItem} data-number={p.number} data-status={p.status}>
      <ProjectTitle number={p.number} title={p.title}>
        <ProjectStatusTag status={p.status} />
      </ProjectTitle>
      <div className="h5-case-meta">
        {p.costYuan !== null ? <span className="pb-cost">{yuan(p.costYuan)}</span> : <span>{t('pb.cycle.estimated', { amount: yuan(p.estimatedCostYuan) })}</span>}
        <ProposerTag kind={p.proposerKind} name={p.proposerName} />
        {p.commentCount ? <span>{t('pb.cycle.comments', { count: p.commentCount })}</span> : null}
      </div>
      {p.summary ? <div className="pb-summary">{p.summary}</div> : null}
      {p.status === 'merged' && p.mergedIntoNumber ? <div className="h5-note">{t('pb.cycle.mergedInto', { number: p.mergedIntoNumber })}</div> : null}
      {p.status === 'rejected' && p.rejectionReason ? <div className="h5-note">{t('pb.project.rejected', { reason: p.rejectionReason })}</div> : null}
    </button>
  );
}

/** What I can do in this phase: propose, vote (or why not), see the result. */
function PhaseAction({ d }: { d: CycleDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { cycle, me, parts } = d;
  const resident = parts.includes('resident');
  const items: ReactNode[] = [];
  if (cycle.phase === 'voting' && resident) {
    if (me.voted) {
      items.push(
        <div key="voted" className="pb-notice pb-notice-ok" data-testid={TID.pb.voted}>
          <CheckCircleFilled /> <span>{t('pb.cycle.voted')}</span>
        </div>,
      );
    } else if (me.onRoll) {
      items.push(
        <Button key="vote" block color="primary" size="large" onClick={() => navigate(`/pb/${cycle.id}/vote`)} data-testid={TID.pb.voteOpen}>
          {t('pb.cycle.vote')}
        </Button>,
      );
    } else {
      items.push(
        <div key="roll" className="pb-notice pb-notice-warn" data-testid={TID.pb.notOnRoll}>
          <ExclamationCircleFilled /> <span>{cycle.voterBasis === 'register' ? t('pb.cycle.notOnRoll') : t('pb.cycle.byCode')}</span>
        </div>,
      );
    }
  }
  if (cycle.phase === 'proposals' && (resident || parts.includes('unit') || parts.includes('organiser'))) {
    items.push(
      <Button key="propose" block color="primary" size="large" onClick={() => navigate(`/pb/${cycle.id}/propose`)} data-testid={TID.pb.proposeOpen}>
        {t('pb.cycle.propose')}
      </Button>,
    );
  }
  if (cycle.publishedAt) {
    items.push(
      <Button key="results" block color="primary" fill={phaseReached(cycle, 'implementation') ? 'outline' : 'solid'} onClick={() => navigate(`/pb/${cycle.id}/results`)} data-testid={TID.pb.resultsOpen}>
        {t('pb.cycle.viewResults')}
      </Button>,
    );
  } else if (cycle.phase === 'publicity') {
    items.push(
      <div key="counting" className="h5-note">
        {t('pb.cycle.counting')}
      </div>,
    );
  }
  if (!items.length) return null;
  return <div className="pb-actions">{items}</div>;
}

function Header({ d }: { d: CycleDetail }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const [showDates, setShowDates] = useState(false);
  const { cycle } = d;
  const dates = phaseDatesText(t, cycle, cycle.phase);
  return (
    <div className="h5-card pb-head">
      <div className="h5-detail-title">{cycle.title}</div>
      <PhaseSteps cycle={cycle} />
      <div className="pb-phase-line">
        <span className="pb-phase-name">{t(`pb.phase.${cycle.phase}`)}</span>
        {dates ? <span className="h5-note">{dates}</span> : null}
        <button type="button" className="pb-link" onClick={() => setShowDates((v) => !v)}>
          {showDates ? t('pb.cycle.hidePhases') : t('pb.cycle.allPhases')}
        </button>
      </div>
      {showDates ? <PhaseDatesList cycle={cycle} /> : null}
      <div className="pb-hint">{t(`pb.phaseHint.${cycle.phase}`)}</div>
      <div className="pb-facts">
        <Fact label={t('pb.cycle.budget')} amount>
          {yuan(cycle.budgetYuan)}
        </Fact>
        <Fact label={t('pb.cycle.voteType')}>
          {t(`pb.voteType.${cycle.voteType}`)}
          {cycle.voteType === 'cumulative' && cycle.pointsPerVoter ? <span className="h5-note"> {t('pb.cycle.points', { count: cycle.pointsPerVoter })}</span> : null}
        </Fact>
      </div>
      <PhaseAction d={d} />
    </div>
  );
}

function Projects({ projects }: { projects: ProjectSummary[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!projects.length) return <ErrorBlock status="empty" title={t('pb.cycle.noProjects')} description="" />;
  return (
    <div className="h5-cases pb-list">
      {projects.map((p) => (
        <ProjectCard key={p.id} p={p} onOpen={() => navigate(`/pb/projects/${p.id}`)} />
      ))}
    </div>
  );
}

/** 实施进展: every approved project's state, spending against cost, updates and rating. */
function Board({ cycleId }: { cycleId: string }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const navigate = useNavigate();
  const q = usePbAccountability(cycleId);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.length) return <ErrorBlock status="empty" title={t('pb.board.empty')} description="" />;
  return (
    <div className="h5-cases pb-list" data-testid={TID.pb.board}>
      {q.data.map((p) => {
        const cost = p.costYuan ?? 0;
        const over = cost > 0 && p.spentYuan > cost;
        return (
          <button
            key={p.id}
            type="button"
            className="h5-case"
            onClick={() => navigate(`/pb/projects/${p.id}`)}
            data-testid={TID.pb.boardItem}
            data-number={p.number}
            data-status={p.status}
          >
            <ProjectTitle number={p.number} title={p.title}>
              <ProjectStatusTag status={p.status} />
            </ProjectTitle>
            <Meter value={p.spentYuan} max={cost} tone={over ? 'red' : p.status === 'done' || p.status === 'evaluated' ? 'green' : 'orange'} />
            <div className="h5-case-meta">
              <span className={over ? 'pb-over' : undefined}>{t('pb.board.spent', { spent: yuan(p.spentYuan), cost: yuan(p.costYuan) })}</span>
              <span>{t('pb.board.milestones', { count: p.milestones.length })}</span>
            </div>
            <div className="h5-case-meta">
              {p.rating ? <span>{t('pb.board.rating', { average: p.rating.average, count: p.rating.count })}</span> : <span>{t('pb.board.noRating')}</span>}
              {p.milestones.length ? <span>{p.milestones[p.milestones.length - 1]!.title}</span> : null}
            </div>
          </button>
        );
      })}
    </div>
  );
}

type Tab = 'projects' | 'board';

/** 微实事 — one cycle: its phase, budget and dates, what I can do now, its projects (and, once built, their progress). */
export function CycleView() {
  const { t } = useTranslation();
  const { cycleId } = useParams();
  const q = usePbCycle(cycleId);
  const building = !!q.data && phaseReached(q.data.cycle, 'implementation');
  const [tab, setTab] = useState<Tab | null>(null);
  const active: Tab = tab ?? (building ? 'board' : 'projects');
  return (
    <SubPage title={t('pb.title')} testId={TID.pb.cycle}>
      <Loaded q={q}>
        {(d) => (
          <>
            <Header d={d} />
            {building ? (
              <Tabs activeKey={active} onChange={(k) => setTab(k === 'board' ? 'board' : 'projects')} className="h5-tabs pb-tabs">
                <Tabs.Tab key="board" title={t('pb.cycle.board')} />
                <Tabs.Tab key="projects" title={`${t('pb.cycle.projects')} ${d.projects.length}`} />
              </Tabs>
            ) : (
              <div className="pb-section-title">
                {t('pb.cycle.projects')} <span className="h5-note">{d.projects.length}</span>
              </div>
            )}
            {active === 'board' && building ? <Board cycleId={d.cycle.id} /> : <Projects projects={d.projects} />}
          </>
        )}
      </Loaded>
    </SubPage>
  );
}
