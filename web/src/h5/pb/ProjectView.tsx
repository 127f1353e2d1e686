import { CheckCircleFilled, EnvironmentOutlined } from '@ant-design/icons';
import { Button, Rate, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { formatDate } from '../../shared/format';
import { ballotCost, usePbCycle, usePbProject, useRateProject } from '../../shared/pb/api';
import { phaseReached } from '../../shared/pb/labels';
import type { Milestone, ProjectView as ProjectData } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { FormError } from '../form-parts';
import { Comments, mayComment } from './Comments';
import { Fact, Loaded, Meter, Photos, ProjectStatusTag, ProjectTitle, ProposerTag, SubPage, useYuan } from './parts';

function Head({ d }: { d: ProjectData }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const navigate = useNavigate();
  const p = d.project;
  return (
    <div className="h5-card" data-number={p.number} data-status={p.status}>
      <ProjectTitle number={p.number} title={p.title} titleClass="h5-detail-title">
        <ProjectStatusTag status={p.status} />
      </ProjectTitle>
      <button type="button" className="pb-link pb-cycle-link" onClick={() => navigate(`/pb/${d.cycle.id}`)}>
        {t('pb.project.cycle', { title: d.cycle.title })} · {t(`pb.phase.${d.cycle.phase}`)}
      </button>
      <div className="pb-facts">
        <Fact
          label={p.costYuan !== null ? t('pb.project.officialCost') : t('pb.project.estimatedCost')}
          amount
          note={p.costYuan !== null && p.costYuan !== p.estimatedCostYuan ? t('pb.cycle.estimated', { amount: yuan(p.estimatedCostYuan) }) : null}
        >
          {yuan(ballotCost(p))}
        </Fact>
        <Fact label={t('pb.project.proposer')}>
          <ProposerTag kind={p.proposerKind} name={p.proposerName} />
        </Fact>
      </div>
      {p.address ? (
        <div className="pb-line">
          <EnvironmentOutlined /> {p.address}
        </div>
      ) : null}
      {p.departmentName ? (
        <div className="pb-line">
          <span className="pb-fact-label">{t('pb.project.department')}</span> {p.departmentName}
        </div>
      ) : null}
      {p.status === 'merged' && p.mergedIntoNumber ? <div className="pb-notice pb-notice-warn">{t('pb.project.mergedInto', { number: p.mergedIntoNumber })}</div> : null}
      {p.status === 'rejected' && p.rejectionReason ? <div className="pb-notice pb-notice-warn">{t('pb.project.rejected', { reason: p.rejectionReason })}</div> : null}
      <div className="pb-fact-label">{t('pb.project.description')}</div>
      <div className="h5-prewrap h5-detail-desc">{p.description}</div>
      <Photos ids={p.photos} size={96} />
    </div>
  );
}

function MilestoneItem({ m }: { m: Milestone }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  return (
    <li className={m.done ? 'pb-milestone pb-milestone-done' : 'pb-milestone'} data-testid={TID.pb.milestoneItem} data-done={m.done ? 'true' : 'false'}>
      <span className="pb-milestone-dot">{m.done ? <CheckCircleFilled /> : null}</span>
      <div className="pb-milestone-body">
        <div className="pb-milestone-title">
          {m.title}
          {m.done ? <span className="pb-badge pb-badge-selected">{t('pb.milestones.done')}</span> : null}
        </div>
        <div className="h5-case-meta">
          <span>{formatDate(m.createdAt)}</span>
          {m.spentYuan ? <span>{t('pb.milestones.spent', { amount: yuan(m.spentYuan) })}</span> : null}
        </div>
        {m.note ? <div className="h5-prewrap pb-milestone-note">{m.note}</div> : null}
        <Photos ids={m.photos} />
      </div>
    </li>
  );
}

function Milestones({ d }: { d: ProjectData }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  const p = d.project;
  const cost = p.costYuan ?? p.estimatedCostYuan;
  const over = p.spentYuan > cost;
  return (
    <div className="h5-card" data-testid={TID.pb.milestones}>
      <div className="h5-card-title">{t('pb.milestones.title')}</div>
      <div className={over ? 'h5-case-meta pb-over' : 'h5-case-meta'}>{t('pb.project.spent', { spent: yuan(p.spentYuan), cost: yuan(cost) })}</div>
      <Meter value={p.spentYuan} max={cost} tone={over ? 'red' : 'orange'} />
      {d.milestones.length === 0 ? (
        <p className="h5-note">{t('pb.milestones.empty')}</p>
      ) : (
        <ol className="pb-milestones">
          {[...d.milestones].reverse().map((m) => (
            <MilestoneItem key={m.id} m={m} />
          ))}
        </ol>
      )}
    </div>
  );
}

function Rating({ d }: { d: ProjectData }) {
  const { t } = useTranslation();
  const p = d.project;
  const mine = p.rating.mine;
  const canRate = d.cycle.phase === 'evaluation' && (p.status === 'done' || p.status === 'evaluated');
  const [editing, setEditing] = useState(!mine);
  const [stars, setStars] = useState(mine?.stars ?? 0);
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [error, setError] = useState<string | null>(null);
  const m = useRateProject(p.id);
  if (!canRate && p.rating.count === 0) return null;
  const submit = () => {
    setError(null);
    if (!stars) return setError(t('pb.rating.pickStars'));
    m.mutate(
      { stars, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      {
        onSuccess: () => {
          Toast.show({ icon: 'success', content: t('pb.rating.done') });
          setEditing(false);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <div className="h5-card" data-testid={TID.pb.rating} data-average={p.rating.average ?? ''}>
      <div className="h5-card-title">{t('pb.rating.title')}</div>
      <div className="pb-rating-avg">
        {p.rating.count ? (
          <>
            <Rate readOnly allowHalf value={p.rating.average ?? 0} style={{ '--star-size': '18px' }} />
            <span className="h5-note">{t('pb.rating.average', { average: p.rating.average, count: p.rating.count })}</span>
          </>
        ) : (
          <span className="h5-note">{t('pb.rating.none')}</span>
        )}
      </div>
      {canRate && mine && !editing ? (
        <div className="pb-rating-mine">
          <span>{t('pb.rating.mine', { stars: mine.stars })}</span>
          {mine.comment ? <div className="h5-prewrap h5-note">{mine.comment}</div> : null}
          <Button size="small" fill="outline" color="primary" onClick={() => setEditing(true)}>
            {t('pb.rating.update')}
          </Button>
        </div>
      ) : null}
      {canRate && editing ? (
        <div className="pb-stack">
          <FormError error={error} />
          <div className="pb-fact-label">{t('pb.rating.yours')}</div>
          <div data-testid={TID.pb.ratingStars}>
            <Rate value={stars} onChange={setStars} style={{ '--star-size': '30px' }} />
          </div>
          <div className="h5-rating-textarea" data-testid={TID.pb.ratingComment}>
            <TextArea value={comment} onChange={setComment} rows={3} maxLength={500} showCount placeholder={t('pb.rating.commentPlaceholder')} />
          </div>
          <Button block color="primary" loading={m.isPending} onClick={submit} data-testid={TID.pb.ratingSubmit}>
            {t('pb.rating.submit')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** 项目详情: a proposal or project — what, where, how much; comments during deliberation; progress and rating once built. */
export function ProjectView() {
  const { t } = useTranslation();
  const { id } = useParams();
  const q = usePbProject(id);
  const cycle = usePbCycle(q.data?.cycle.id);
  const title = t('pb.project.title');
  return (
    <SubPage title={title} testId={TID.pb.project}>
      <Loaded q={q}>
        {(d) => (
          <>
            <Head d={d} />
            {phaseReached(d.cycle, 'approval') && ['approved', 'in_progress', 'done', 'evaluated'].includes(d.project.status) ? <Milestones d={d} /> : null}
            <Rating key={`${d.project.rating.mine?.stars ?? 0}`} d={d} />
            <Comments project={d.project} canComment={!!cycle.data && mayComment(cycle.data.parts, d.cycle.phase)} />
          </>
        )}
      </Loaded>
    </SubPage>
  );
}
