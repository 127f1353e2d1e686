import { App, Button, Flex, Popconfirm, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pbAdminApi, useCycleCommand } from '../../../shared/pb/admin-api';
import type { CycleDetail, ProjectDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { numberLabel, PbErrorAlert } from './common';

/** Merge a proposal into another of the cycle (both proposers are kept; the other must still be proposed or on the ballot). */
export function MergeForm({ detail, project, onMerged }: { detail: CycleDetail; project: ProjectDetail; onMerged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [into, setInto] = useState<string | undefined>();
  const merge = useCycleCommand(detail.cycle.id, (intoId: string) => pbAdminApi.merge(project.id, intoId));
  const targets = detail.projects
    .filter((p) => p.id !== project.id && (p.status === 'proposed' || p.status === 'on_ballot'))
    .map((p) => ({ value: p.id, label: `${numberLabel(p.number)} ${p.title}` }));
  const target = detail.projects.find((p) => p.id === into);

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('pbAdmin.merge.hint')}
      </Typography.Paragraph>
      {merge.isError ? <PbErrorAlert error={merge.error} onClose={() => merge.reset()} /> : null}
      <Flex gap={8}>
        <Select
          value={into}
          onChange={setInto}
          options={targets}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('pbAdmin.merge.target')}
          style={{ flex: 1 }}
          notFoundContent={t('pbAdmin.merge.noTargets')}
          data-testid={TID.pbAdmin.mergeTarget}
        />
        <Popconfirm
          title={t('pbAdmin.merge.confirm', { from: numberLabel(project.number), into: target ? numberLabel(target.number) : '' })}
          okText={t('pbAdmin.merge.submit')}
          cancelText={t('common.cancel')}
          disabled={!into}
          onConfirm={() =>
            into &&
            merge.mutate(into, {
              onSuccess: () => {
                void message.success(t('pbAdmin.merge.done', { from: numberLabel(project.number), into: target ? numberLabel(target.number) : '' }));
                onMerged();
              },
            })
          }
        >
          <Button disabled={!into} loading={merge.isPending} data-testid={TID.pbAdmin.mergeSubmit}>
            {t('pbAdmin.merge.submit')}
          </Button>
        </Popconfirm>
      </Flex>
    </>
  );
}
