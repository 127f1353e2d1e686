/**
 * The default service menu (服务菜单) installed for a city: 8 categories and 45 items after Yongchun's list
 * (政策宣传、文明倡导、民意收集、义诊服务、疫情防控 … "8大类服务项目，细化为45个子项目"). Codes are stable so that
 * installing the defaults again adds only what is missing.
 */
export const DEFAULT_MENU: ReadonlyArray<{ code: string; name: string; items: ReadonlyArray<readonly [string, string]> }> = [
  { code: 'policy', name: '政策宣传', items: [['policy.lecture', '政策宣讲'], ['policy.notice', '惠民政策解读'], ['policy.law', '普法宣传'], ['policy.antifraud', '防诈骗宣传'], ['policy.safety', '安全知识宣传'], ['policy.theory', '党的理论学习辅导']] },
  { code: 'civility', name: '文明创建', items: [['civility.guide', '文明劝导'], ['civility.traffic', '交通文明引导'], ['civility.sorting', '垃圾分类指导'], ['civility.volunteer', '志愿服务站值守'], ['civility.culture', '文体活动组织'], ['civility.family', '家风家教宣传']] },
  { code: 'opinion', name: '民意收集', items: [['opinion.visit', '入户走访'], ['opinion.survey', '问卷调查'], ['opinion.talk', '民情恳谈'], ['opinion.deliberation', '议事协商'], ['opinion.feedback', '问题反映代办']] },
  { code: 'clinic', name: '义诊服务', items: [['clinic.checkup', '健康义诊'], ['clinic.bp', '血压血糖测量'], ['clinic.tcm', '中医理疗'], ['clinic.mental', '心理疏导'], ['clinic.lecture', '健康知识讲座'], ['clinic.home', '上门医疗服务']] },
  { code: 'epidemic', name: '疫情防控', items: [['epidemic.checkpoint', '卡口值守'], ['epidemic.screening', '排查登记'], ['epidemic.supply', '物资配送'], ['epidemic.vaccine', '疫苗接种引导'], ['epidemic.disinfect', '环境消杀'], ['epidemic.publicity', '防疫宣传']] },
  { code: 'legal', name: '法律咨询', items: [['legal.consult', '法律咨询'], ['legal.mediation', '矛盾纠纷调解'], ['legal.aid', '法律援助引导'], ['legal.contract', '合同文书审查'], ['legal.labour', '劳动维权指导']] },
  { code: 'help', name: '帮扶济困', items: [['help.elderly', '空巢老人陪伴'], ['help.disabled', '残障人士帮扶'], ['help.tutoring', '学业辅导'], ['help.repair', '家电维修'], ['help.haircut', '义务理发'], ['help.employment', '就业帮扶']] },
  { code: 'environment', name: '环境整治', items: [['environment.cleanup', '卫生大扫除'], ['environment.greening', '绿化养护'], ['environment.clutter', '楼道杂物清理'], ['environment.parking', '车辆停放整治'], ['environment.ads', '小广告清理']] },
];
