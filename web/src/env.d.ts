/** Runtime configuration a deployment may inject before the app's script (see web/README in docs). */
interface TongxinRuntimeConfig {
  /** XYZ raster tile URL template, e.g. `https://t0.tianditu.gov.cn/...&x={x}&y={y}&l={z}&tk=...`. */
  mapTileUrl?: string;
}

interface Window {
  __TONGXIN_CONFIG__?: TongxinRuntimeConfig;
}
