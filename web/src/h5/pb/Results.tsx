import { CheckCircleFilled, DownloadOutlined } from '@ant-design/icons';
import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../shared/api';
import { ballotCost, explanationNumber, selectedNumbers, usePbCycle, usePbResult } from '../../shared/pb/api';
import { explanationText, phaseReached, ruleFamily, ruleLabel } from '../../shared/pb/labels';
import type { CycleDetail, CycleResult, Explanation, ProjectSummary } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { Objections } from './Objections';
import { Fact, LoadError, Loading, Meter, ProjectTitle, SubPage, useYuan } from './parts';

interface Row {
  number: number;
  project: ProjectSummary | undefined;
  e: Explanation;
  selected: boolean;
  cost: number | null;
}

function rowsOf(d: CycleDetail, r: CycleResult): Row[] {
  const byNumber = new Map(d.projects.map((p) => [p.number, p]));
  const sel = new Set(selectedNumbers(r));
  return r.explanations.map((e) => {
    const number = explanationNumber(e);
    const project = byNumber.get(number);
    return { number, project, e, selected: sel.has(number) || e.selected, cost: project ? ballotCost(project) : null };
  });
}

/** The chart: most supported first. */
const bySupport = (rows: Row[]) => [...rows].sort((a, b) => b.e.support - a.e.support || a.number - b.number);

/** The explanations: the selected ones in the order the rule chose them, then the others by support. */
const bySelection = (rows: Row[]) =>
  [...rows].sort(
    (a, b) =>
      Number(b.selected) - Number(a.selected) ||
      (a.selected ? (a.e.round ?? Infinity) - (b.e.round ?? Infinity) : 0) ||
      b.e.support - a.e.support ||
      a.number - b.number,
  );

function Summary({ d, r }: { d: CycleDetail; r: CycleResult }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const mes = ruleFamily(r.rule) === 'mes' && r.explanations.some((e) => e.paid);
  return (
    <div className="h5-card" data-testid={TID.pb.resultSummary} data-rule={r.rule} data-cost={r.cost} data-ballots={r.ballots}>
      <div className="h5-detail-title">{d.cycle.title}</div>
      <div className="pb-facts">
        <Fact label={t('pb.results.selectedCount')} amount>
          {selectedNumbers(r).length}
        </Fact>
        <Fact label={t('pb.results.ballots')} amount>
          {r.ballots}
        </Fact>
      </div>
      <div className="pb-used">
        <div className="h5-case-meta">
          <span>{t('pb.results.budgetUsed', { cost: yuan(r.cost), budget: yuan(d.cycle.budgetYuan) })}</span>
        </div>
        <Meter value={r.cost} max={d.cycle.budgetYuan} tone="green" />
      </div>
      <div className="pb-rule">
        <div className="pb-rule-name">{t('pb.results.rule', { rule: ruleLabel(t, r.rule) })}</div>
        <p className="h5-note">{mes ? t('pb.results.ruleHintMes') : t('pb.results.ruleHintGreedy')}</p>
      </div>
    </div>
  );
}

/** Support per project as plain CSS bars; the selected ones in colour. */
function Chart({ rows, cumulative }: { rows: Row[]; cumulative: boolean }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.e.support));
  return (
    <div className="h5-card">
      <div className="pb-card-head">
        <span className="h5-card-title">{t('pb.results.chart')}</span>
        <span className="pb-legend">
          <span className="pb-legend-swatch pb-legend-selected" /> {t('pb.results.legendSelected')}
          <span className="pb-legend-swatch" /> {t('pb.results.legendOther')}
        </span>
      </div>
      <div className="pb-chart" role="list">
        {rows.map((r) => (
          <div
            key={r.number}
            role="listitem"
            className={r.selected ? 'pb-bar-row pb-bar-selected' : 'pb-bar-row'}
            data-testid={TID.pb.resultBar}
            data-number={r.number}
            data-selected={r.selected ? 'true' : 'false'}
            data-support={r.e.support}
          >
            <div className="pb-bar-label">
              <span className="pb-number">{r.number}</span>
              <span className="pb-bar-title">{r.project?.title ?? `#${r.number}`}</span>
            </div>
            <div className="pb-bar-track">
              <div className="pb-bar-fill" style={{ width: `${(r.e.support / max) * 100}%` }} />
              <span className="pb-bar-value">{cumulative ? t('pb.results.supportPoints', { count: r.e.support }) : t('pb.results.supportVotes', { count: r.e.support })}</span>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function Explanations({ rows, rule }: { rows: Row[]; rule: string }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const navigate = useNavigate();
  return (
    <div className="h5-card">
      <div className="h5-card-title">{t('pb.results.explanations')}</div>
      <ul className="pb-explain-list">
        {rows.map((r) => (
          <li
            key={r.number}
            className={r.selected ? 'pb-explain pb-explain-selected' : 'pb-explain'}
            data-testid={TID.pb.resultExplanation}
            data-number={r.number}
            data-reason={r.e.reason}
            onClick={r.project ? () => navigate(`/pb/projects/${r.project!.id}`) : undefined}
          >
            <ProjectTitle number={r.number} title={r.project?.title ?? `#${r.number}`} titleClass="pb-explain-title">
              <span className={r.selected ? 'pb-badge pb-badge-selected' : 'pb-badge'}>
                {r.selected ? (
                  <>
                    <CheckCircleFilled /> {t('pb.results.selected')}
                  </>
                ) : (
                  t('pb.results.notSelected')
                )}
              </span>
            </ProjectTitle>
            <div className="h5-case-meta">
              {r.cost !== null ? <span className="pb-cost">{yuan(r.cost)}</span> : null}
            </div>
            <div className="pb-explain-text">{explanationText(t, r.e, rule, r.cost)}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 投票结果: the published result — support per project, the budget used, and why each project was or was not selected. */
export function Results() {
  const { t } = useTranslation();
  const { cycleId = '' } = useParams();
  const cycle = usePbCycle(cycleId);
  const result = usePbResult(cycleId);
  const title = t('pb.results.title');
  if (cycle.isPending || result.isPending) {
    return (
      <SubPage title={title} testId={TID.pb.results}>
        <Loading />
      </SubPage>
    );
  }
  if (cycle.isError) {
    return (
      <SubPage title={title} testId={TID.pb.results}>
        <LoadError error={cycle.error} onRetry={() => void cycle.refetch()} />
      </SubPage>
    );
  }
  const d = cycle.data;
  const notYet = result.isError && isApiError(result.error) && result.error.code === 'pb_not_counted';
  return (
    <SubPage title={title} testId={TID.pb.results}>
      {result.isError ? (
        notYet ? (
          <ErrorBlock status="empty" title={t('pb.results.notPublished')} description={t('pb.cycle.counting')} />
        ) : (
          <LoadError error={result.error} onRetry={() => void result.refetch()} />
        )
      ) : (
        <>
          <Summary d={d} r={result.data.result} />
          <Chart rows={bySupport(rowsOf(d, result.data.result))} cumulative={d.cycle.voteType === 'cumulative'} />
          <Explanations rows={bySelection(rowsOf(d, result.data.result))} rule={result.data.result.rule} />
          {result.data.publishedAt ? (
            <a className="pb-download" href={`/api/pb/cycles/${encodeURIComponent(cycleId)}/export.pb`} download>
              <DownloadOutlined /> {t('pb.results.download')}
            </a>
          ) : null}
        </>
      )}
      {phaseReached(d.cycle, 'publicity') ? <Objections d={d} /> : null}
    </SubPage>
  );
}
