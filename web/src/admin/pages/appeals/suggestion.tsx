import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../shared/api';
import { appealKeys, giveCommand, type AppealDetail, type SuggestedRoute } from '../../../shared/appeals';
import { bodyOf, suggestedValues } from './command-body';

/** Dispatches a case as routing suggests it, in one click. */
export function useDispatchAsSuggested(appeal: AppealDetail, onDone?: () => void) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (route: SuggestedRoute) => giveCommand(appeal.id, bodyOf('dispatch', suggestedValues(route))),
    onSuccess: () => {
      void message.success(t('appeals.suggestion.done'));
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      onDone?.();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

/** Which routing decided: the category's own handling, or a rule (its area, category and priority). */
export function decidedByText(t: TFunction, route: SuggestedRoute, categoryName: string | null | undefined): string {
  if (route.decidedBy === 'rule' && route.rule) {
    return t('appeals.suggestion.byRule', {
      region: route.rule.regionName ?? t('common.dash'),
      category: route.rule.categoryName ?? t('common.dash'),
      priority: route.rule.priority,
    });
  }
  return t('appeals.suggestion.byCategory', { category: categoryName ?? t('common.dash') });
}

/** Who the suggestion sends the case to, one line each. */
function targets(t: TFunction, route: SuggestedRoute): string[] {
  const dash = t('common.dash');
  if (route.mode === 'grid') return [t('appeals.suggestion.assignee', { name: route.assigneeName ?? dash })];
  return [
    t('appeals.suggestion.lead', { name: route.leadDepartmentName ?? dash }),
    ...(route.mode === 'joint' ? [t('appeals.suggestion.assists', { names: route.assistDepartments.map((d) => d.name ?? dash).join(t('appeals.detail.listSep')) })] : []),
  ];
}

/** The routing suggestion of a case waiting for dispatch, above its dispatch form, with the one-click dispatch. */
export function SuggestionNote({ appeal, route, onDone }: { appeal: AppealDetail; route: SuggestedRoute; onDone?: () => void }) {
  const { t } = useTranslation();
  const dispatch = useDispatchAsSuggested(appeal, onDone);
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="dispatch-suggestion"
      data-decided-by={route.decidedBy}
      title={t('appeals.suggestion.title', { mode: t(`appeals.mode.${route.mode}`) })}
      description={
        <Flex vertical gap={2}>
          <Flex wrap style={{ columnGap: 16, rowGap: 2 }}>
            {targets(t, route).map((line) => (
              <Typography.Text key={line}>{line}</Typography.Text>
            ))}
          </Flex>
          <Typography.Text type="secondary" data-testid="dispatch-suggestion-rule">
            {decidedByText(t, route, appeal.categoryName)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('appeals.suggestion.prefilled')}
          </Typography.Text>
        </Flex>
      }
      action={
        <Button type="primary" size="small" icon={<ThunderboltOutlined />} loading={dispatch.isPending} onClick={() => dispatch.mutate(route)} data-testid="dispatch-suggested">
          {t('appeals.suggestion.dispatch')}
        </Button>
      }
    />
  );
}
