import { App, Button, Checkbox, Flex, Input, InputNumber, Typography, type InputRef } from 'antd';
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pbAdminApi, useCycleCommand, type PaperBody, type SheetStatus } from '../../../shared/pb/admin-api';
import type { CycleDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { numberLabel, PbErrorAlert, SmallNote, yuan } from './common';

export interface PaperEntryHandle {
  /** Starts entering this sheet (a second or third entry picked from the list). */
  enterSheet: (sheet: string) => void;
}

/**
 * One paper sheet: its number, then a box (approval) or points (cumulative) per project. Built for speed: the sheet
 * number takes Enter to jump to the first project, Tab/Space go through the boxes, Ctrl+Enter records the sheet, and
 * the form is ready for the next sheet at once.
 */
export const PaperEntryForm = forwardRef<PaperEntryHandle, { detail: CycleDetail; disabled: boolean; onEntered: (sheet: string, status: SheetStatus) => void }>(
  function PaperEntryForm({ detail, disabled, onEntered }, ref) {
    const { t } = useTranslation();
    const { modal } = App.useApp();
    const { cycle } = detail;
    const cumulative = cycle.voteType === 'cumulative';
    const projects = useMemo(
      () => detail.projects.filter((p) => ['on_ballot', 'selected', 'not_selected'].includes(p.status)).sort((a, b) => a.number - b.number),
      [detail.projects],
    );
    const [sheet, setSheet] = useState('');
    const [marked, setMarked] = useState<Record<number, number>>({});
    const sheetRef = useRef<InputRef>(null);
    const firstRef = useRef<HTMLDivElement>(null);
    const enter = useCycleCommand(cycle.id, (body: PaperBody) => pbAdminApi.enterPaper(cycle.id, body));

    const focusFirst = () => firstRef.current?.querySelector<HTMLInputElement>('input')?.focus();
    useImperativeHandle(ref, () => ({
      enterSheet: (s: string) => {
        setSheet(s);
        setMarked({});
        enter.reset();
        window.setTimeout(focusFirst, 0);
      },
    }));

    const chosen = projects.filter((p) => (marked[p.number] ?? 0) > 0);
    const cost = chosen.reduce((a, p) => a + (p.costYuan ?? 0), 0);
    const points = chosen.reduce((a, p) => a + (marked[p.number] ?? 0), 0);
    const over = cumulative ? points > (cycle.pointsPerVoter ?? 0) : cost > cycle.budgetYuan;

    const send = () => {
      const s = sheet.trim();
      const body: PaperBody = {
        sheet: s,
        projects: chosen.map((p) => p.number),
        ...(cumulative ? { points: chosen.map((p) => marked[p.number] ?? 0) } : {}),
      };
      enter.mutate(body, {
        onSuccess: (r) => {
          onEntered(r.sheet, r.status);
          setSheet('');
          setMarked({});
          sheetRef.current?.focus();
        },
      });
    };

    const submit = () => {
      if (disabled || enter.isPending) return;
      if (!sheet.trim()) {
        sheetRef.current?.focus();
        return;
      }
      if (chosen.length === 0) {
        modal.confirm({
          title: t('pbAdmin.paper.blankTitle'),
          content: t('pbAdmin.paper.blankBody'),
          okText: t('pbAdmin.paper.submit'),
          cancelText: t('common.cancel'),
          onOk: send,
        });
        return;
      }
      send();
    };

    return (
      <div
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
        data-testid="pb-paper-form"
      >
        {enter.isError ? <PbErrorAlert error={enter.error} onClose={() => enter.reset()} /> : null}
        <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            {t('pbAdmin.paper.sheet')}
          </Typography.Text>
          <Input
            ref={sheetRef}
            value={sheet}
            onChange={(e) => setSheet(e.target.value)}
            onPressEnter={(e) => {
              e.preventDefault();
              if (sheet.trim()) focusFirst();
            }}
            maxLength={40}
            autoFocus
            disabled={disabled}
            placeholder={t('pbAdmin.paper.sheetPlaceholder')}
            style={{ width: 220 }}
            className="tx-mono"
            data-testid={TID.pbAdmin.paperSheet}
          />
          <SmallNote>{t('pbAdmin.paper.keys')}</SmallNote>
        </Flex>
        <div
          ref={firstRef}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 8, marginBottom: 12 }}
        >
          {projects.map((p) => {
            const on = (marked[p.number] ?? 0) > 0;
            return (
              <div
                key={p.id}
                style={{
                  border: `1px solid ${on ? '#c8161d' : '#f0f0f0'}`,
                  background: on ? '#fff5f5' : '#fff',
                  borderRadius: 6,
                  padding: '6px 10px',
                }}
              >
                {cumulative ? (
                  <Flex gap={8} align="center">
                    <InputNumber<number>
                      min={0}
                      max={cycle.pointsPerVoter ?? 100}
                      precision={0}
                      size="small"
                      value={marked[p.number] ?? null}
                      onChange={(v) => setMarked((m) => ({ ...m, [p.number]: v ?? 0 }))}
                      disabled={disabled}
                      style={{ width: 64 }}
                      data-testid={`${TID.pbAdmin.paperProject}-${p.number}`}
                    />
                    <span className="tx-mono">{numberLabel(p.number)}</span>
                    <Typography.Text ellipsis style={{ flex: 1 }}>
                      {p.title}
                    </Typography.Text>
                  </Flex>
                ) : (
                  <Checkbox
                    checked={on}
                    onChange={(e) => setMarked((m) => ({ ...m, [p.number]: e.target.checked ? 1 : 0 }))}
                    disabled={disabled}
                    style={{ width: '100%' }}
                    data-testid={`${TID.pbAdmin.paperProject}-${p.number}`}
                  >
                    <Flex gap={8} align="baseline" style={{ width: '100%' }}>
                      <span className="tx-mono">{numberLabel(p.number)}</span>
                      <Typography.Text ellipsis style={{ flex: 1, maxWidth: 200 }}>
                        {p.title}
                      </Typography.Text>
                      <Typography.Text type="secondary">{yuan(t, p.costYuan)}</Typography.Text>
                    </Flex>
                  </Checkbox>
                )}
              </div>
            );
          })}
        </div>
        <Flex justify="space-between" align="center" gap={12}>
          <Typography.Text type={over ? 'danger' : 'secondary'} data-testid="pb-paper-tally">
            {cumulative
              ? t('pbAdmin.paper.tallyPoints', { count: chosen.length, points, max: cycle.pointsPerVoter ?? 0 })
              : t('pbAdmin.paper.tallyCost', { count: chosen.length, cost: yuan(t, cost), budget: yuan(t, cycle.budgetYuan) })}
            {over ? ` · ${t(cumulative ? 'pbAdmin.paper.overPoints' : 'pbAdmin.paper.overBudget')}` : ''}
          </Typography.Text>
          <Flex gap={8}>
            <Button
              onClick={() => {
                setMarked({});
                focusFirst();
              }}
              disabled={disabled}
            >
              {t('pbAdmin.paper.clear')}
            </Button>
            <Button type="primary" onClick={submit} loading={enter.isPending} disabled={disabled || !sheet.trim()} data-testid={TID.pbAdmin.paperSubmit}>
              {t('pbAdmin.paper.submit')}
            </Button>
          </Flex>
        </Flex>
      </div>
    );
  },
);
