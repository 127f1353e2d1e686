import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useConfigCategories, type ConfigCategory } from '../../../../shared/appeals-config';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, Loading } from '../../../components/States';
import { CategoryEditor } from './CategoryEditor';
import { CategoryTree } from './CategoryTree';
import { ImportTaxonomyModal } from './ImportTaxonomyModal';
import { NewCategoryModal } from './NewCategoryModal';

/** 诉求分类: the city's category tree for administrators — browse, search, add, edit, import. */
export default function Categories() {
  const { t } = useTranslation();
  const categories = useConfigCategories();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const [adding, setAdding] = useState<{ parent: ConfigCategory | null } | null>(null);
  const [importing, setImporting] = useState(false);

  const items = useMemo(() => categories.data ?? [], [categories.data]);
  const byId = useMemo(() => new Map(items.map((c) => [c.id, c])), [items]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const path = useMemo(() => {
    const out: string[] = [];
    let cur = selected;
    while (cur && out.length < 8) {
      out.unshift(cur.name);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    return out;
  }, [selected, byId]);
  const select = (id: string) => setParams({ id }, { replace: true });

  return (
    <div data-testid="appeals-categories">
      <PageHeader
        title={t('appealsConfig.categories.title')}
        subtitle={t('appealsConfig.categories.subtitle')}
        extra={
          <Flex gap={8}>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="category-import">
              {t('appealsConfig.categories.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding({ parent: null })} data-testid="category-add-top">
              {t('appealsConfig.categories.addTop')}
            </Button>
          </Flex>
        }
      />
      {categories.isPending ? (
        <Loading />
      ) : categories.isError ? (
        <ErrorState error={categories.error} onRetry={() => void categories.refetch()} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={9}>
            <Card size="small" title={t('appealsConfig.categories.count', { count: items.length })}>
              <CategoryTree items={items} selected={selectedId} onSelect={select} />
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            <Card size="small">
              {selected ? (
                <CategoryEditor category={selected} path={path} onAddChild={() => setAdding({ parent: selected })} />
              ) : (
                <Empty description={<Typography.Text type="secondary">{t('appealsConfig.categories.pick')}</Typography.Text>} style={{ padding: 48 }} />
              )}
            </Card>
          </Col>
        </Row>
      )}
      <NewCategoryModal
        open={adding !== null}
        parent={adding?.parent ?? null}
        onClose={() => setAdding(null)}
        onCreated={(c) => {
          setAdding(null);
          select(c.id);
        }}
      />
      <ImportTaxonomyModal open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
