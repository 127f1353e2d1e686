/**
 * 接诉即办 configuration (administrators): the category tree with every field, and the routing rules
 * (category × area → handling and departments). The server checks every value; these are its shapes.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import { appealKeys, type AppealCategory, type HandlingMode } from './appeals';

export interface ConfigCategory extends AppealCategory {
  departmentCode: string | null;
  assistDepartmentCodes: string[];
  duplicateRadiusM: number;
  active: boolean;
  sort: number;
}

export interface CategoryLimits {
  handling?: HandlingMode;
  departmentCode?: string | null;
  assistDepartmentCodes?: string[];
  acceptHours?: number;
  onSiteMinutes?: number | null;
  workingDays?: number;
  duplicateRadiusM?: number;
}

export interface NewCategory extends CategoryLimits {
  parentId?: string | null;
  code: string;
  name: string;
}

export interface CategoryChange extends CategoryLimits {
  name?: string;
  active?: boolean;
}

export interface RoutingRule {
  id: string;
  categoryId: string;
  categoryName: string | null;
  categoryPath: string[];
  regionId: string;
  regionName: string | null;
  regionLevel: string | null;
  /** From the city down to the rule's area. */
  regionNames: string[];
  mode: HandlingMode;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  assistDepartmentIds: string[];
  assistDepartments: Array<{ id: string; name: string | null }>;
  priority: number;
  createdAt: string;
}

export interface NewRoutingRule {
  categoryId: string;
  regionId: string;
  mode: HandlingMode;
  leadDepartmentId?: string | null;
  assistDepartmentIds?: string[];
  priority?: number;
}

export const configKeys = {
  categories: ['appeals', 'config', 'categories'] as const,
  rules: ['appeals', 'config', 'rules'] as const,
};

/** Every category of the city, inactive ones too. */
export function useConfigCategories() {
  return useQuery({
    queryKey: configKeys.categories,
    queryFn: async () => (await api.get<{ items: ConfigCategory[] }>('/api/appeals/categories', { includeInactive: 'true' })).items,
  });
}

export function useRoutingRules() {
  return useQuery({
    queryKey: configKeys.rules,
    queryFn: async () => (await api.get<{ items: RoutingRule[] }>('/api/appeals/routing-rules')).items,
  });
}

/** After a change: the configuration pages and every category picker read again. */
function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: configKeys.categories }), qc.invalidateQueries({ queryKey: appealKeys.categories }), qc.invalidateQueries({ queryKey: configKeys.rules })]);
}

export function useCreateCategory() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: NewCategory) => api.post<{ category: ConfigCategory }>('/api/appeals/categories', body),
    onSuccess: invalidate,
  });
}

export function useUpdateCategory() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: CategoryChange }) => api.patch<{ category: ConfigCategory }>(`/api/appeals/categories/${encodeURIComponent(id)}`, change),
    onSuccess: invalidate,
  });
}

export function useImportTaxonomy() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (csv: string) => api.post<{ created: number }>('/api/appeals/categories/import', { csv }),
    onSuccess: invalidate,
  });
}

export function useCreateRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: NewRoutingRule) => api.post<{ rule: RoutingRule }>('/api/appeals/routing-rules', body),
    onSuccess: invalidate,
  });
}

export function useDeleteRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/appeals/routing-rules/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}
