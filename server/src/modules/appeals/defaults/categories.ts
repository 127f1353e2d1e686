/**
 * The default 12345 category tree (two levels; a city extends it, or imports its own three-level tree).
 * Each leaf says how its cases are handled and in what time:
 * - `grid`: straight to the grid worker (直派), on site within 30 minutes — neighbourhood problems;
 * - `department`: one department leads;
 * - `joint`: a lead and assisting departments (联办) — problems that cross several remits.
 * Our own list, shaped on the public 12345 catalogues; limits are defaults a city adjusts.
 */
export interface DefaultCategory {
  code: string;
  name: string;
  handling?: 'grid' | 'joint' | 'department';
  department?: string;
  assists?: string[];
  acceptHours?: number;
  onSiteMinutes?: number;
  workingDays?: number;
  radius?: number;
  children?: DefaultCategory[];
}

const grid = (code: string, name: string, workingDays = 3, radius = 150): DefaultCategory => ({
  code,
  name,
  handling: 'grid',
  department: 'grid_center',
  acceptHours: 1,
  onSiteMinutes: 30,
  workingDays,
  radius,
});
const dept = (code: string, name: string, department: string, workingDays = 5, radius = 250): DefaultCategory => ({
  code,
  name,
  handling: 'department',
  department,
  acceptHours: 2,
  workingDays,
  radius,
});
const joint = (code: string, name: string, department: string, assists: string[], workingDays = 10, radius = 300): DefaultCategory => ({
  code,
  name,
  handling: 'joint',
  department,
  assists,
  acceptHours: 4,
  workingDays,
  radius,
});

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  {
    code: '01',
    name: '社区治理',
    children: [
      grid('0101', '楼道堆物与消防通道堵塞', 2, 100),
      grid('0102', '邻里纠纷', 5, 100),
      grid('0103', '噪音扰民（生活）', 3, 150),
      grid('0104', '小区环境卫生', 2, 150),
      grid('0105', '宠物管理', 3, 150),
      dept('0106', '物业服务', 'property', 5, 200),
      grid('0107', '电动车违规充电', 1, 100),
    ],
  },
  {
    code: '02',
    name: '市容环卫',
    children: [
      dept('0201', '道路清扫保洁', 'sanitation', 2),
      dept('0202', '垃圾清运与分类', 'sanitation', 2),
      dept('0203', '公厕管理', 'sanitation', 3),
      joint('0204', '占道经营', 'urban_enforcement', ['market', 'street_office'], 5),
      dept('0205', '户外广告与招牌', 'urban_enforcement', 5),
    ],
  },
  {
    code: '03',
    name: '市政设施',
    children: [
      dept('0301', '道路破损与井盖', 'municipal', 3),
      dept('0302', '路灯故障', 'municipal', 2),
      dept('0303', '排水与积水', 'water_affairs', 3, 400),
      dept('0304', '园林绿化与树木', 'landscaping', 5),
      dept('0305', '公共设施损坏', 'municipal', 5),
    ],
  },
  {
    code: '04',
    name: '城乡建设',
    children: [
      joint('0401', '违法建设', 'urban_enforcement', ['natural_resources', 'housing', 'street_office'], 15),
      dept('0402', '建筑施工扰民', 'housing', 5, 400),
      joint('0403', '老旧小区改造', 'housing', ['street_office', 'property'], 15),
      dept('0404', '房屋安全', 'housing', 5),
    ],
  },
  {
    code: '05',
    name: '交通出行',
    children: [
      dept('0501', '乱停车', 'traffic_police', 2, 200),
      dept('0502', '交通信号与标志', 'traffic_police', 5),
      dept('0503', '公交线路与站点', 'bus', 10, 500),
      dept('0504', '出租车与网约车', 'transport', 10, 500),
    ],
  },
  {
    code: '06',
    name: '生态环境',
    children: [
      joint('0601', '餐饮油烟', 'ecology', ['market', 'urban_enforcement'], 10),
      dept('0602', '工业噪声与废气', 'ecology', 10, 800),
      dept('0603', '水体污染', 'ecology', 10, 800),
    ],
  },
  {
    code: '07',
    name: '公用事业',
    children: [
      dept('0701', '停水与水质', 'water_supply', 2, 500),
      dept('0702', '停电与线路', 'power', 2, 500),
      dept('0703', '燃气', 'gas', 1, 300),
      dept('0704', '通信与网络', 'telecom', 5, 500),
    ],
  },
  {
    code: '08',
    name: '市场监管',
    children: [dept('0801', '食品安全', 'market', 5), dept('0802', '价格与消费纠纷', 'market', 10), dept('0803', '无证经营', 'market', 10)],
  },
  {
    code: '09',
    name: '民生保障',
    children: [
      dept('0901', '社保与就业', 'hrss', 10, 1000),
      dept('0902', '劳动工资纠纷', 'hrss', 10, 1000),
      dept('0903', '低保与救助', 'civil_affairs', 10, 1000),
      dept('0904', '养老服务', 'civil_affairs', 10),
      dept('0905', '医疗卫生', 'health', 10, 1000),
      dept('0906', '医保报销', 'medical_insurance', 10, 1000),
      dept('0907', '教育入学', 'education', 10, 1000),
      dept('0908', '残疾人服务', 'disabled', 10, 1000),
      dept('0909', '退役军人服务', 'veterans', 10, 1000),
    ],
  },
  {
    code: '10',
    name: '公共安全',
    children: [
      dept('1001', '治安问题', 'police', 2, 300),
      dept('1002', '消防隐患', 'fire', 1, 200),
      dept('1003', '安全生产隐患', 'emergency', 2, 300),
    ],
  },
  {
    code: '11',
    name: '企业服务',
    children: [dept('1101', '营商环境', 'business_environment', 10, 2000), dept('1102', '税费咨询', 'tax', 5, 2000)],
  },
  {
    code: '12',
    name: '咨询建议',
    children: [dept('1201', '政策咨询', 'grid_center', 3, 5000), dept('1202', '意见建议', 'grid_center', 10, 5000)],
  },
];
