import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tabs, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../shared/api';
import { pbAdminApi } from '../../../shared/pb/admin-api';
import { usePbCycle } from '../../../shared/pb/api';
import type { CycleDetail, PbPart, PbPhase } from '../../../shared/pb/types';
import { useRegion } from '../../../shared/regions';
import { TID } from '../../../shared/testids';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, Loading } from '../../components/States';
import { PhaseTag, yuan } from './common';
import { PhaseBar } from './PhaseBar';

const SettingsTab = lazy(() => import('./SettingsTab'));
const ProposalsTab = lazy(() => import('./ProposalsTab'));
const VotersTab = lazy(() => import('./VotersTab'));
const PaperTab = lazy(() => import('./PaperTab'));
const CountTab = lazy(() => import('./CountTab'));
const ImplementationTab = lazy(() => import('./ImplementationTab'));

const TABS = ['settings', 'proposals', 'voters', 'paper', 'count', 'implementation'] as const;
type TabKey = (typeof TABS)[number];

/** The tabs a part sees: organisers everything; the organisation department reads proposals, the count and the board. */
function tabsFor(parts: readonly PbPart[]): TabKey[] {
  if (parts.includes('organiser')) return [...TABS];
  const out: TabKey[] = [];
  if (parts.includes('overseer') || parts.includes('department')) out.push('proposals', 'count', 'implementation');
  return out;
}

/** Where a secretary works in each phase. */
function tabOfPhase(phase: PbPhase): TabKey {
  switch (phase) {
    case 'draft':
      return 'settings';
    case 'proposals':
    case 'review':
    case 'deliberation':
      return 'proposals';
    case 'voting':
      return 'paper';
    case 'publicity':
    case 'approval':
      return 'count';
    default:
      return 'implementation';
  }
}

function TabBody({ tab, detail }: { tab: TabKey; detail: CycleDetail }) {
  switch (tab) {
    case 'settings':
      return <SettingsTab detail={detail} />;
    case 'proposals':
      return <ProposalsTab detail={detail} />;
    case 'voters':
      return <VotersTab detail={detail} />;
    case 'paper':
      return <PaperTab detail={detail} />;
    case 'count':
      return <CountTab detail={detail} />;
    case 'implementation':
      return <ImplementationTab detail={detail} />;
  }
}

/** `/pb/:id`: one cycle — its phases, and a tab for each part of the work. */
export default function CycleWorkspace() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const cycle = usePbCycle(id);
  const region = useRegion(cycle.data?.cycle.regionId);
  const [exporting, setExporting] = useState(false);

  if (cycle.isPending) return <Loading />;
  if (cycle.isError) return <ErrorState error={cycle.error} onRetry={() => void cycle.refetch()} />;
  const detail = cycle.data;
  const c = detail.cycle;
  const tabs = tabsFor(detail.parts);
  const requested = params.get('tab') as TabKey | null;
  const preferred = tabOfPhase(c.phase);
  const tab: TabKey = requested && tabs.includes(requested) ? requested : tabs.includes(preferred) ? preferred : (tabs[0] ?? 'proposals');

  const exportPb = async () => {
    setExporting(true);
    try {
      await pbAdminApi.exportPb(c.id);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={10}>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/pb')} aria-label={t('pbAdmin.workspace.back')} />
            <span data-testid="pb-cycle-title">{c.title}</span>
            <PhaseTag phase={c.phase} />
          </Flex>
        }
        subtitle={
          <span>
            {region.data?.name ? `${region.data.name} · ` : ''}
            {t('pbAdmin.workspace.budgetLine', {
              budget: yuan(t, c.budgetYuan),
              rule: t(`pbAdmin.ruleShort.${c.rule}`),
              ballot: c.voteType === 'cumulative' ? t('pbAdmin.list.cumulative', { points: c.pointsPerVoter ?? 0 }) : t('pbAdmin.voteType.approval'),
              basis: t(`pbAdmin.voterBasis.${c.voterBasis}`),
            })}
          </span>
        }
        extra={
          c.publishedAt ? (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportPb()} data-testid={TID.pbAdmin.exportPb}>
              {t('pbAdmin.workspace.exportPb')}
            </Button>
          ) : null
        }
      />
      <PhaseBar detail={detail} />
      {tabs.length === 0 ? (
        <Typography.Text type="secondary">{t('pbAdmin.workspace.nothingHere')}</Typography.Text>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            const next = new URLSearchParams(params);
            next.set('tab', k);
            setParams(next, { replace: true });
          }}
          items={tabs.map((k) => ({ key: k, label: <span data-testid={`pb-tab-${k}`}>{t(`pbAdmin.tabs.${k}`)}</span> }))}
          destroyOnHidden
        />
      )}
      {tabs.length ? (
        <Suspense fallback={<Loading />}>
          <TabBody tab={tab} detail={detail} />
        </Suspense>
      ) : null}
    </>
  );
}
