import { Button, ErrorBlock, PullToRefresh, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { STORE_ITEM_KINDS, useCatalogue, type CatalogueItem } from '../../shared/store/api';
import { formatNumber } from '../../shared/format';
import { TID } from '../../shared/testids';
import { ItemPhoto, Loaded, SubPage } from './parts';

function ItemCard({ item, onOpen }: { item: CatalogueItem; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="h5-case store-item" onClick={onOpen} data-testid={TID.store.item} data-item-id={item.id} data-kind={item.kind}>
      <ItemPhoto id={item.photoFileId} />
      <div className="store-item-body">
        <div className="h5-case-top">
          <span className="h5-case-title">{item.title}</span>
          {item.soldOut ? <Tag color="#8c8c8c">{t('store.soldOut')}</Tag> : null}
        </div>
        <div className="h5-case-meta">
          <span>{item.merchantName}</span>
          <span>{t(`store.kind.${item.kind}`)}</span>
        </div>
        <div className="h5-case-top">
          <span className="store-price">{t('store.points', { count: item.price })}</span>
          <span className="h5-note">{item.stock === null ? t('store.unlimited') : t('store.stock', { count: item.stock })}</span>
        </div>
      </div>
    </button>
  );
}

/** 积分超市: my credit balance and what the merchants where I live offer. */
export function Store() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useCatalogue();
  const [kind, setKind] = useState<string>('all');
  return (
    <SubPage title={t('store.title')} testId={TID.store.page}>
      <Loaded q={q}>
        {(c) => {
          const items = kind === 'all' ? c.items : c.items.filter((i) => i.kind === kind);
          return (
            <PullToRefresh onRefresh={async () => void (await q.refetch())}>
              <div className="store-balance">
                <div>
                  <div className="store-balance-label">{t('store.balance')}</div>
                  <div className="store-balance-value" data-testid={TID.store.balance} data-balance={c.balance}>
                    {formatNumber(c.balance)}
                  </div>
                </div>
                <Button size="small" shape="rounded" onClick={() => navigate('/store/mine')} data-testid={TID.store.mineLink}>
                  {t('store.mine')}
                </Button>
              </div>
              <Tabs activeKey={kind} onChange={setKind} className="store-tabs" data-testid={TID.store.kindTabs}>
                <Tabs.Tab key="all" title={t('store.kind.all')} />
                {STORE_ITEM_KINDS.map((k) => (
                  <Tabs.Tab key={k} title={t(`store.kind.${k}`)} />
                ))}
              </Tabs>
              <div className="h5-cases">
                {items.length === 0 ? (
                  <ErrorBlock status="empty" title={t('store.empty')} description="" />
                ) : (
                  items.map((i) => <ItemCard key={i.id} item={i} onOpen={() => navigate(`/store/items/${i.id}`)} />)
                )}
              </div>
            </PullToRefresh>
          );
        }}
      </Loaded>
    </SubPage>
  );
}
