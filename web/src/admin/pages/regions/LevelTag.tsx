import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEVEL_COLORS, levelLabel } from '../../../shared/roles';
import type { RegionNode } from '../../../shared/types';

export function LevelTag({ level }: { level: RegionNode['level'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} className="tx-level-tag">
      {levelLabel(t, level)}
    </Tag>
  );
}
