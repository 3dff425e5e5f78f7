/**
 * The Node-RED nodes' own texts in both languages: the locale files are generated from this
 * table, and the runtime falls back to its English when a host has not loaded the catalog.
 */
import type { Text } from '../catalog/types';

export const UI: Record<string, Text> = {
  'label.name': { en: 'Name', zh: '名称' },
  'label.vendor': { en: 'Vendor', zh: '服务商' },
  'label.gateway': { en: 'Gateway', zh: '网关' },
  'label.operation': { en: 'Operation', zh: '操作' },
  'label.preview': { en: 'Preview only', zh: '仅预览' },
  'label.raw': { en: 'Raw replies', zh: '原始返回' },
  'label.recipientsOutput': { en: 'List recipients', zh: '列出号码' },
  'label.feed': { en: 'Fetch', zh: '获取' },
  'label.mode': { en: 'Run', zh: '运行方式' },
  'label.interval': { en: 'Every (s)', zh: '间隔（秒）' },
  'label.path': { en: 'URL path', zh: 'URL 路径' },
  'option.mode.interval': { en: 'On an interval', zh: '定时轮询' },
  'option.mode.input': { en: 'When a message arrives', zh: '收到消息时' },
  'status.working': { en: 'working…', zh: '处理中…' },
  'status.progress': { en: '__sent__/__total__ sent', zh: '已发 __sent__/__total__' },
  'status.preview': { en: 'preview', zh: '预览' },
  'status.accepted': { en: '__count__ accepted', zh: '已受理 __count__' },
  'status.items': { en: '__count__ items', zh: '__count__ 条' },
  'status.done': { en: 'done', zh: '完成' },
  'status.noGateway': { en: 'no gateway', zh: '未选网关' },
  'status.polling': { en: 'polling', zh: '轮询中' },
  'status.new': { en: '__count__ new', zh: '新 __count__ 条' },
  'status.received': { en: '__count__ received', zh: '收到 __count__ 条' },
  'status.refused': { en: 'push refused', zh: '推送被拒' },
  'tip.env': { en: 'Any setting may be <code>${ENV_NAME}</code> to read an environment variable. Passwords and keys are stored as credentials and never exported.', zh: '任何设置都可写成 <code>${环境变量名}</code> 读取环境变量。密码和密钥作为凭据保存，不会随流程导出。' },
  'tip.msg': { en: 'Empty fields are taken from <code>msg.sms.&lt;field&gt;</code>; content from <code>msg.payload</code>. The result is in <code>msg.payload</code>.', zh: '留空的字段从 <code>msg.sms.字段名</code> 读取；内容可来自 <code>msg.payload</code>。结果在 <code>msg.payload</code>。' },
  'tip.poll': { en: 'Each report and reply is handed out by the gateway once: use one poller per account.', zh: '网关的每条状态报告和回复只返回一次：每个账号只用一个轮询节点。' },
  'tip.push': { en: 'Give the vendor this URL (under your Node-RED HTTP root). It answers exactly what the vendor expects once the push is decoded.', zh: '把此 URL（位于 Node-RED HTTP 根路径下）提供给服务商。推送解码成功后按服务商要求应答。' },
};

/** Node-RED's `__name__` placeholders, filled in. */
export function fill(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/__(\w+)__/g, (_, name: string) => String(values[name] ?? ''));
}
