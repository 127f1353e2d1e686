import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pbAdminApi } from '../../../shared/pb/admin-api';
import type { MilestoneBody } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { showErrorOnField } from '../../components/formErrors';
import { FormFooter } from '../../components/FormFooter';
import { PhotoUpload } from '../appeals/common';
import { numberLabel, PbErrorAlert } from './common';

interface Values {
  title: string;
  note?: string;
  spentYuan?: number;
  photos?: string[];
  done: boolean;
}

const FIELDS = ['title', 'note', 'spentYuan', 'photos', 'done'] as const;

export interface MilestoneTarget {
  id: string;
  number: number;
  title: string;
}

/** Progress of an approved project: what was done, what it cost, photos; "finished" closes the work. */
export function MilestoneModal({ project, onClose }: { project: MilestoneTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const add = useMutation({
    mutationFn: (body: MilestoneBody) => pbAdminApi.addMilestone(project?.id ?? '', body),
    onSuccess: () => {
      void message.success(t('pbAdmin.milestone.saved'));
      // The board, the project and the department's list all show it.
      void qc.invalidateQueries({ queryKey: ['pb'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(showErrorOnField(form, e, FIELDS) ? null : e),
  });

  const onFinish = (v: Values) => {
    setError(null);
    add.mutate({
      title: v.title.trim(),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      ...(v.spentYuan ? { spentYuan: v.spentYuan } : {}),
      ...(v.photos?.length ? { photos: v.photos } : {}),
      done: v.done,
    });
  };

  return (
    <Modal
      open={!!project}
      title={project ? t('pbAdmin.milestone.title', { project: `${numberLabel(project.number)} ${project.title}` }) : ''}
      onCancel={onClose}
      width={600}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) setError(null);
      }}
      footer={
        <FormFooter form={form} onCancel={onClose} loading={add.isPending} testId={TID.pbAdmin.milestoneSubmit}>
          {t('common.save')}
        </FormFooter>
      }
    >
      <PbErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values> form={form} name="pbMilestone" layout="vertical" initialValues={{ done: false }} onFinish={onFinish}>
        <Form.Item
          name="title"
          label={t('pbAdmin.milestone.name')}
          rules={[
            { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.milestone.name') }) },
            { max: 200, message: t('validation.max', { max: 200 }) },
          ]}
        >
          <Input maxLength={200} placeholder={t('pbAdmin.milestone.namePlaceholder')} data-testid={TID.pbAdmin.milestoneTitle} />
        </Form.Item>
        <Form.Item name="note" label={t('pbAdmin.milestone.note')} rules={[{ max: 2000, message: t('validation.max', { max: 2000 }) }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid={TID.pbAdmin.milestoneNote} />
        </Form.Item>
        <Form.Item name="spentYuan" label={t('pbAdmin.milestone.spent')} extra={t('pbAdmin.milestone.spentHint')}>
          <InputNumber<number> min={0} max={1_000_000_000} precision={2} style={{ width: 220 }} suffix={t('pbAdmin.yuanUnit')} data-testid={TID.pbAdmin.milestoneSpent} />
        </Form.Item>
        <Form.Item name="photos" label={t('pbAdmin.milestone.photos')}>
          <PhotoUpload max={20} testId={TID.pbAdmin.milestonePhotos} />
        </Form.Item>
        <Form.Item name="done" label={t('pbAdmin.milestone.done')} valuePropName="checked" extra={t('pbAdmin.milestone.doneHint')}>
          <Switch data-testid={TID.pbAdmin.milestoneDone} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
