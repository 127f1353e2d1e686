import { CalculatorOutlined, CheckCircleOutlined, SoundOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Row, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { pbAdminApi, pbMay, useCycleCommand } from '../../../shared/pb/admin-api';
import { usePbResult } from '../../../shared/pb/api';
import type { CycleDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { numberLabel, PbErrorAlert, SmallNote } from './common';
import { ObjectionsCard } from './ObjectionsCard';
import { ResultCard } from './ResultCard';

function StepBox({ icon, title, state, children }: { icon: ReactNode; title: string; state: ReactNode; children?: ReactNode }) {
  return (
    <Flex vertical gap={6} style={{ height: '100%' }}>
      <Flex gap={8} align="center">
        {icon}
        <Typography.Text strong>{title}</Typography.Text>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, flex: 1 }}>
        {state}
      </Typography.Text>
      <div>{children}</div>
    </Flex>
  );
}

/** After voting: count the box, publish the result (公示), answer objections, approve the selected projects (立项). */
export default function CountTab({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { cycle, parts, projects } = detail;
  const organiser = parts.includes('organiser');
  const resultVisible = !!cycle.countedAt && (organiser || !!cycle.publishedAt);
  const result = usePbResult(cycle.id, resultVisible);
  const count = useCycleCommand(cycle.id, () => pbAdminApi.count(cycle.id));
  const publish = useCycleCommand(cycle.id, () => pbAdminApi.publish(cycle.id));
  const approve = useCycleCommand(cycle.id, () => pbAdminApi.approve(cycle.id));
  const selected = projects.filter((p) => p.status === 'selected');
  const approved = projects.filter((p) => ['approved', 'in_progress', 'done', 'evaluated'].includes(p.status));
  const error = count.error ?? publish.error ?? approve.error;

  const reset = () => {
    count.reset();
    publish.reset();
    approve.reset();
  };

  const runCount = () => {
    reset();
    modal.confirm({
      title: t('pbAdmin.count.confirmTitle'),
      content: cycle.countedAt ? t('pbAdmin.count.recountBody', { rule: t(`pbAdmin.rule.${cycle.rule}`) }) : t('pbAdmin.count.confirmBody', { rule: t(`pbAdmin.rule.${cycle.rule}`) }),
      okText: t('pbAdmin.count.run'),
      cancelText: t('common.cancel'),
      onOk: () => count.mutate(undefined, { onSuccess: () => void message.success(t('pbAdmin.count.done')) }),
    });
  };
  const runPublish = () => {
    reset();
    modal.confirm({
      title: t('pbAdmin.count.publishTitle'),
      content: t('pbAdmin.count.publishBody'),
      okText: t('pbAdmin.count.publish'),
      cancelText: t('common.cancel'),
      onOk: () => publish.mutate(undefined, { onSuccess: () => void message.success(t('pbAdmin.count.publishedDone')) }),
    });
  };
  const runApprove = () => {
    reset();
    modal.confirm({
      title: t('pbAdmin.count.approveTitle', { count: selected.length }),
      content: selected.map((p) => `${numberLabel(p.number)} ${p.title}`).join('；') || t('pbAdmin.count.approveNone'),
      okText: t('pbAdmin.count.approve'),
      cancelText: t('common.cancel'),
      onOk: () => approve.mutate(undefined, { onSuccess: (r) => void message.success(t('pbAdmin.count.approvedDone', { count: r.approved.length })) }),
    });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless">
        {error ? <PbErrorAlert error={error} onClose={reset} /> : null}
        <Row gutter={[24, 16]}>
          <Col xs={24} md={8}>
            <StepBox
              icon={<CalculatorOutlined />}
              title={t('pbAdmin.count.stepCount')}
              state={cycle.countedAt ? t('pbAdmin.count.countedAt', { at: formatDateTime(cycle.countedAt) }) : t('pbAdmin.count.notCounted')}
            >
              {pbMay(parts, 'count', cycle.phase) ? (
                <Button type={cycle.countedAt ? 'default' : 'primary'} onClick={runCount} loading={count.isPending} data-testid={TID.pbAdmin.count}>
                  {cycle.countedAt ? t('pbAdmin.count.recount') : t('pbAdmin.count.run')}
                </Button>
              ) : cycle.phase === 'voting' ? (
                <SmallNote>{t('pbAdmin.count.afterVoting')}</SmallNote>
              ) : null}
            </StepBox>
          </Col>
          <Col xs={24} md={8}>
            <StepBox
              icon={<SoundOutlined />}
              title={t('pbAdmin.count.stepPublish')}
              state={cycle.publishedAt ? t('pbAdmin.count.publishedAt', { at: formatDateTime(cycle.publishedAt) }) : t('pbAdmin.count.notPublished')}
            >
              {pbMay(parts, 'publish', cycle.phase) && cycle.countedAt && !cycle.publishedAt ? (
                <Button type="primary" onClick={runPublish} loading={publish.isPending} data-testid={TID.pbAdmin.publish}>
                  {t('pbAdmin.count.publish')}
                </Button>
              ) : null}
            </StepBox>
          </Col>
          <Col xs={24} md={8}>
            <StepBox
              icon={<CheckCircleOutlined />}
              title={t('pbAdmin.count.stepApprove')}
              state={
                approved.length
                  ? t('pbAdmin.count.approvedState', { count: approved.length })
                  : cycle.phase === 'approval'
                    ? t('pbAdmin.count.toApprove', { count: selected.length })
                    : t('pbAdmin.count.approveLater')
              }
            >
              {pbMay(parts, 'approve', cycle.phase) && selected.length > 0 ? (
                <Button type="primary" onClick={runApprove} loading={approve.isPending} data-testid={TID.pbAdmin.approve}>
                  {t('pbAdmin.count.approve')}
                </Button>
              ) : null}
            </StepBox>
          </Col>
        </Row>
      </Card>
      {!resultVisible ? (
        <Card variant="borderless">
          <EmptyState description={cycle.countedAt ? t('pbAdmin.count.waitPublish') : t('pbAdmin.count.noResult')} />
        </Card>
      ) : result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <ErrorState error={result.error} onRetry={() => void result.refetch()} compact />
      ) : (
        <ResultCard detail={detail} view={result.data} />
      )}
      {['publicity', 'approval', 'implementation', 'evaluation', 'closed'].includes(cycle.phase) ? <ObjectionsCard detail={detail} /> : null}
    </Space>
  );
}
