import { ArrowRightOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { pbAdminApi, pbMay, useCycleCommand } from '../../../shared/pb/admin-api';
import { PB_PHASES, type CycleDetail, type PbPhase, type PhaseDates } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { dateRange, PbErrorAlert, phaseName } from './common';

function nextOf(phase: PbPhase): PbPhase | null {
  const i = PB_PHASES.indexOf(phase);
  return i >= 0 && i + 1 < PB_PHASES.length ? PB_PHASES[i + 1]! : null;
}

/** `05-01–05-10`: the phase's days without the year, to fit under a step (the full range is its tooltip). */
function shortRange(d: PhaseDates | undefined): string {
  const md = (x: string | undefined) => (x ? x.slice(5) : '…');
  return `${md(d?.from)}–${md(d?.to)}`;
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the phases' dates are calendar days there). */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The ten phases as steps, the current one's dates and what happens in it, and the secretary's button to move on.
 * Phases move only by this command (never by the clock); a phase past its end date is pointed out.
 */
export function PhaseBar({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { cycle, parts } = detail;
  const current = PB_PHASES.indexOf(cycle.phase);
  const next = nextOf(cycle.phase);
  const advance = useCycleCommand(cycle.id, (from: PbPhase) => pbAdminApi.advance(cycle.id, from));
  const canAdvance = !!next && pbMay(parts, 'advance', cycle.phase);
  const dates = cycle.phaseDates[cycle.phase];
  const overdue = !!dates?.to && dates.to < today();

  const confirm = () => {
    if (!next) return;
    advance.reset();
    modal.confirm({
      title: t('pbAdmin.advance.confirmTitle', { to: phaseName(t, next) }),
      content: t(`pbAdmin.advance.note.${cycle.phase as Exclude<PbPhase, 'closed'>}`),
      okText: t('pbAdmin.advance.ok', { to: phaseName(t, next) }),
      cancelText: t('common.cancel'),
      onOk: () => advance.mutate(cycle.phase),
    });
  };

  return (
    <Card variant="borderless" style={{ marginBottom: 16 }}>
      <Steps
        size="small"
        current={current}
        titlePlacement="vertical"
        items={PB_PHASES.map((p, i) => ({
          title: phaseName(t, p),
          content:
            cycle.phaseDates[p]?.from || cycle.phaseDates[p]?.to ? (
              <span style={{ fontSize: 11, whiteSpace: 'nowrap' }} title={dateRange(cycle.phaseDates[p])}>
                {shortRange(cycle.phaseDates[p])}
              </span>
            ) : null,
          status: i < current ? 'finish' : i === current ? (cycle.phase === 'closed' ? 'finish' : 'process') : 'wait',
        }))}
        data-testid={TID.pbAdmin.phaseSteps}
        data-phase={cycle.phase}
      />
      <Flex justify="space-between" align="center" gap={16} wrap style={{ marginTop: 16 }}>
        <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text>
            <Typography.Text strong>{t('pbAdmin.advance.now', { phase: phaseName(t, cycle.phase) })}</Typography.Text>{' '}
            <Typography.Text type="secondary">{t(`pbAdmin.phaseHint.${cycle.phase}`)}</Typography.Text>
          </Typography.Text>
          {overdue && canAdvance ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="pb-phase-overdue">
              {t('pbAdmin.advance.overdue', { date: dates?.to ?? '' })}
            </Typography.Text>
          ) : null}
        </Flex>
        {canAdvance ? (
          <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" loading={advance.isPending} onClick={confirm} data-testid={TID.pbAdmin.advance}>
            {t('pbAdmin.advance.button', { to: phaseName(t, next) })}
          </Button>
        ) : null}
      </Flex>
      {advance.isError ? (
        <div style={{ marginTop: 12 }}>
          <PbErrorAlert error={advance.error} onClose={() => advance.reset()} testId={TID.pbAdmin.advanceError} />
        </div>
      ) : null}
    </Card>
  );
}
