import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export interface ClientConfig {
  mapTileUrl: string | null;
}

/**
 * Deployment settings for the browser. A page may carry them inline
 * (`window.__TONGXIN_CONFIG__`); otherwise the server's public
 * `GET /api/config` answers. Missing config is not an error: no tiles.
 */
export function useClientConfig() {
  const inline = window.__TONGXIN_CONFIG__;
  return useQuery({
    queryKey: ['config'],
    queryFn: async (): Promise<ClientConfig> => {
      if (inline) {
        return { mapTileUrl: inline.mapTileUrl ?? null };
      }
      try {
        const c = await api.get<Partial<ClientConfig>>('/api/config', undefined, { skipAuthRedirect: true });
        return { mapTileUrl: typeof c.mapTileUrl === 'string' && c.mapTileUrl ? c.mapTileUrl : null };
      } catch {
        return { mapTileUrl: null };
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}
