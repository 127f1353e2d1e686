import { ErrorBlock, PullToRefresh, Tabs } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../shared/auth';
import { formatDate } from '../../shared/format';
import { reasonLabel, sourceLabel, useMyPoints, useMyPointsEntries, type PointsEntry, type PointsKind } from '../../shared/points/api';
import { TID } from '../../shared/testids';
import { Loaded, SubPage } from '../activities/parts';

function Entry({ e }: { e: PointsEntry }) {
  const { t } = useTranslation();
  return (
    <li className="pts-entry" data-testid={TID.points.entry} data-reason={e.reason} data-delta={e.delta} data-source={e.sourceType}>
      <div>
        <div className="pts-entry-reason">{reasonLabel(t, e.reason)}</div>
        <div className="h5-case-meta">
          <span>{formatDate(e.createdAt)}</span>
          <span>{sourceLabel(t, e.sourceType)}</span>
          {e.note ? <span>{e.note}</span> : null}
        </div>
      </div>
      <span className={e.delta < 0 ? 'pts-delta pts-delta-minus' : 'pts-delta'}>{e.delta > 0 ? `+${e.delta}` : `−${Math.abs(e.delta)}`}</span>
    </li>
  );
}

function Entries({ kind }: { kind: PointsKind }) {
  const { t } = useTranslation();
  const q = useMyPointsEntries(kind);
  return (
    <Loaded q={q}>
      {(page) =>
        page.items.length === 0 ? (
          <ErrorBlock status="empty" title={t('points.empty')} description="" />
        ) : (
          <>
            <ul className="h5-card" style={{ listStyle: 'none' }} data-testid={TID.points.entries} data-kind={kind} data-total={page.total}>
              {page.items.map((e) => (
                <Entry key={e.id} e={e} />
              ))}
            </ul>
            {page.total > page.items.length ? <div className="h5-note h5-padded">{t('points.more', { total: page.total, shown: page.items.length })}</div> : null}
          </>
        )
      }
    </Loaded>
  );
}

/** 我的积分: Party and credit balances, this year's standing, the entries of one ledger. */
export function MyPoints() {
  const { t } = useTranslation();
  const { data: user } = useMe();
  const me = useMyPoints();
  // Party members look at their Party points first, residents at their credit points.
  const [kind, setKind] = useState<PointsKind>(user?.roles.includes('member') ? 'party' : 'credit');
  return (
    <SubPage title={t('points.title')} testId={TID.points.page}>
      <PullToRefresh onRefresh={async () => void (await me.refetch())}>
        <Loaded q={me}>
          {(m) => (
            <div className="pts-balances">
              <button type="button" className="pts-balance" style={{ border: 'none', textAlign: 'left' }} onClick={() => setKind('party')}>
                <div className="pts-balance-label">{t('points.party')}</div>
                <div className="pts-balance-value" data-testid={TID.points.partyBalance} data-value={m.party.balance}>
                  {m.party.balance}
                </div>
                <div className="pts-balance-year">{t('points.yearTotal', { year: m.year, total: m.party.yearTotal })}</div>
              </button>
              <button type="button" className="pts-balance pts-balance-credit" style={{ border: 'none', textAlign: 'left' }} onClick={() => setKind('credit')}>
                <div className="pts-balance-label">{t('points.credit')}</div>
                <div className="pts-balance-value" data-testid={TID.points.creditBalance} data-value={m.credit.balance}>
                  {m.credit.balance}
                </div>
                <div className="pts-balance-year">{t('points.yearTotal', { year: m.year, total: m.credit.yearTotal })}</div>
              </button>
            </div>
          )}
        </Loaded>
        <Tabs activeKey={kind} onChange={(k) => setKind(k === 'party' ? 'party' : 'credit')} data-testid={TID.points.kindTabs}>
          <Tabs.Tab key="party" title={t('points.party')} />
          <Tabs.Tab key="credit" title={t('points.credit')} />
        </Tabs>
        <Entries kind={kind} />
      </PullToRefresh>
    </SubPage>
  );
}
