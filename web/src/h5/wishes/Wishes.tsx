import { Button, ErrorBlock, PullToRefresh, Tabs } from 'antd-mobile';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../shared/auth';
import { hasAnyRole } from '../../shared/roles';
import { TID } from '../../shared/testids';
import { useMyWishes, useWishWall, type Wish } from '../../shared/wishes/api';
import type { UseQueryResult } from '@tanstack/react-query';
import { Loaded, SubPage, WishCard } from './parts';
import { PostWish } from './PostWish';

function WishList({ q, empty }: { q: UseQueryResult<Wish[]>; empty: string }) {
  const navigate = useNavigate();
  return (
    <Loaded q={q}>
      {(items) => (
        <PullToRefresh onRefresh={async () => void (await q.refetch())}>
          <div className="h5-cases">
            {items.length === 0 ? (
              <ErrorBlock status="empty" title={empty} description="" />
            ) : (
              items.map((w) => <WishCard key={w.id} w={w} onOpen={() => navigate(`/wishes/${w.id}`)} />)
            )}
          </div>
        </PullToRefresh>
      )}
    </Loaded>
  );
}

/**
 * 微心愿: residents (and members) see their own wishes and post one; members and units see the wish wall and
 * what they claimed; residents may read the wall too.
 */
export function Wishes() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const poster = hasAnyRole(me.data, ['resident', 'member']);
  const claimer = hasAnyRole(me.data, ['member', 'unit_admin']);
  const tabs = [...(claimer ? ['wall'] : []), ...(poster ? ['mine'] : []), ...(claimer ? ['claims'] : []), ...(!claimer ? ['wall'] : [])];
  const tab = tabs.includes(params.get('tab') ?? '') ? (params.get('tab') as string) : tabs[0] ?? 'wall';
  const posting = params.get('post') === '1' && poster;
  const mine = useMyWishes('poster', poster && tab === 'mine');
  const claims = useMyWishes('claimer', claimer && tab === 'claims');
  const wall = useWishWall(tab === 'wall');

  if (posting) {
    return (
      <SubPage title={t('wishes.post')} testId={TID.wishes.page}>
        <PostWish onDone={() => setParams({ tab: 'mine' }, { replace: true })} />
      </SubPage>
    );
  }
  return (
    <SubPage title={t('wishes.title')} testId={TID.wishes.page}>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} style={{ background: '#fff' }} data-testid={TID.wishes.tabs}>
        {tabs.map((k) => (
          <Tabs.Tab key={k} title={k === 'wall' ? t('wishes.wallTitle') : k === 'mine' ? t('wishes.myWishes') : t('wishes.myClaims')} />
        ))}
      </Tabs>
      {tab === 'mine' ? (
        <>
          <div className="wish-post-bar">
            <Button block color="primary" onClick={() => setParams({ tab: 'mine', post: '1' })} data-testid={TID.wishes.postOpen}>
              <PlusOutlined /> {t('wishes.post')}
            </Button>
          </div>
          <WishList q={mine} empty={t('wishes.empty')} />
        </>
      ) : tab === 'claims' ? (
        <WishList q={claims} empty={t('wishes.claimsEmpty')} />
      ) : (
        <WishList q={wall} empty={t('wishes.wallEmpty')} />
      )}
    </SubPage>
  );
}
