import { Form, Input, InputNumber, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PB_RULES, PB_VOTER_BASES, PB_VOTE_TYPES, type PbVoteType } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { SmallNote } from './common';

/** The cycle's title (required, at most 100 characters): the new-cycle and settings forms. */
export function CycleTitleField({ placeholder, testId }: { placeholder?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="title"
      label={t('pbAdmin.field.title')}
      rules={[
        { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.field.title') }) },
        { max: 100, message: t('validation.max', { max: 100 }) },
      ]}
    >
      <Input placeholder={placeholder} maxLength={100} data-testid={testId} />
    </Form.Item>
  );
}

/** Budget, ballot kind (approval or cumulative with points), counting rule and who may vote: the new-cycle and settings forms. */
export function CycleMethodFields({ voteType }: { voteType: PbVoteType | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="budgetYuan"
        label={t('pbAdmin.field.budget')}
        extra={t('pbAdmin.field.budgetHint')}
        rules={[{ required: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.field.budget') }) }]}
      >
        <InputNumber<number>
          min={1}
          max={1_000_000_000}
          precision={0}
          step={1000}
          style={{ width: 220 }}
          suffix={t('pbAdmin.yuanUnit')}
          data-testid={TID.pbAdmin.cycleFormBudget}
        />
      </Form.Item>
      <Form.Item name="voteType" label={t('pbAdmin.field.voteType')} rules={[{ required: true }]}>
        <Radio.Group data-testid={TID.pbAdmin.cycleFormVoteType}>
          <Space orientation="vertical" size={4}>
            {PB_VOTE_TYPES.map((v) => (
              <Radio key={v} value={v}>
                {t(`pbAdmin.voteType.${v}`)}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                  {t(`pbAdmin.voteTypeHint.${v}`)}
                </Typography.Text>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      {voteType === 'cumulative' ? (
        <Form.Item
          name="pointsPerVoter"
          label={t('pbAdmin.field.points')}
          extra={t('pbAdmin.field.pointsHint')}
          rules={[{ required: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.field.points') }) }]}
        >
          <InputNumber<number> min={1} max={100} precision={0} style={{ width: 160 }} data-testid={TID.pbAdmin.cycleFormPoints} />
        </Form.Item>
      ) : null}
      <Form.Item name="rule" label={t('pbAdmin.field.rule')} rules={[{ required: true }]}>
        <Radio.Group data-testid={TID.pbAdmin.cycleFormRule}>
          <Space orientation="vertical" size={6}>
            {PB_RULES.map((r) => (
              <Radio key={r} value={r} style={{ alignItems: 'flex-start' }}>
                <Typography.Text strong>{t(`pbAdmin.rule.${r}`)}</Typography.Text>
                <div>
                  <SmallNote>{t(`pbAdmin.ruleHint.${r}`)}</SmallNote>
                </div>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="voterBasis" label={t('pbAdmin.field.voterBasis')} extra={t('pbAdmin.field.voterBasisHint')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          data-testid={TID.pbAdmin.cycleFormVoterBasis}
          options={PB_VOTER_BASES.map((b) => ({ value: b, label: t(`pbAdmin.voterBasis.${b}`) }))}
        />
      </Form.Item>
    </>
  );
}
