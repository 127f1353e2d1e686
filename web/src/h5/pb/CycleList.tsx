import { ErrorBlock, PullToRefresh } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { usePbCycles } from '../../shared/pb/api';
import type { CycleListItem } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { Loaded, PhaseBar, SubPage, useYuan } from './parts';

function CycleCard({ c, onOpen }: { c: CycleListItem; onOpen: () => void }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  return (
    <button type="button" className="h5-case pb-cycle-card" onClick={onOpen} data-testid={TID.pb.cycleItem} data-cycle-id={c.id} data-phase={c.phase}>
      <div className="h5-case-top">
        <span className="h5-case-title">{c.title}</span>
      </div>
      <div className="h5-case-meta">
        <span>{c.regionName}</span>
        <span>{t('pb.list.budget', { amount: yuan(c.budgetYuan) })}</span>
        <span>{t('pb.list.projects', { count: c.projectCount })}</span>
      </div>
      <PhaseBar cycle={c} />
      <div className="pb-hint">{t(`pb.phaseHint.${c.phase}`)}</div>
    </button>
  );
}

/** 微实事: the cycles of my community, newest first. */
export function CycleList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = usePbCycles();
  return (
    <SubPage title={t('pb.title')} testId={TID.pb.cycles}>
      <Loaded q={q}>
        {(cycles) => (
          <PullToRefresh onRefresh={async () => void (await q.refetch())}>
            <div className="h5-cases">
              {cycles.length === 0 ? (
                <ErrorBlock status="empty" title={t('pb.list.empty')} description="" />
              ) : (
                cycles.map((c) => <CycleCard key={c.id} c={c} onOpen={() => navigate(`/pb/${c.id}`)} />)
              )}
            </div>
          </PullToRefresh>
        )}
      </Loaded>
    </SubPage>
  );
}
