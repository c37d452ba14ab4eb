// The survey of SPEC §5, used by core and command tests.
export const SPEC_SURVEY = {
  title: '2026年3月成员满意度调查',
  anonymous: false,
  questions: [
    { id: 'q1', type: 'rating', text: '对本月活动的整体满意度', scale: 5, satisfaction: true },
    { id: 'q2', type: 'nps', text: '你有多大可能向朋友推荐本群？' },
    { id: 'q3', type: 'choice', text: '最喜欢的活动形式', options: ['主题讨论', '读书分享', '线下聚会'] },
    { id: 'q4', type: 'multi', text: '希望增加的内容', options: ['讲座', '比赛', '展览'] },
    { id: 'q5', type: 'text', text: '其他建议', required: false },
  ],
};
