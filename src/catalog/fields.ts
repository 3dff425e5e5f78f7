/**
 * Fields that several vendors share, declared once with their texts. A vendor's catalog
 * takes these and narrows the limits its protocol sets.
 */
import type { BooleanField, DateTimeField, Field, JsonField, NumberField, OptionsField, RecipientsField, StringField, Text } from './types';

export function recipientsField(overrides: Partial<RecipientsField> = {}): RecipientsField {
  return {
    name: 'recipients',
    type: 'recipients',
    required: true,
    label: { en: 'Recipients', zh: '手机号码' },
    description: {
      en: 'Mainland mobile numbers separated by commas, spaces or new lines, or a list. +86/0086 prefixes are removed; long lists are split into requests for you.',
      zh: '大陆手机号，用逗号、空格或换行分隔，也可以是数组。自动去除 +86/0086 前缀；长列表自动分批提交。',
    },
    placeholder: '13800138000, 13900139000',
    ...overrides,
  };
}

export function contentField(overrides: Partial<StringField> = {}): StringField {
  return {
    name: 'content',
    type: 'string',
    required: true,
    multiline: true,
    minLength: 1,
    label: { en: 'Content', zh: '短信内容' },
    description: {
      en: 'The text, with the signature 【Company】 at the start or end (added from the credential when missing). 70 characters is one message; longer texts bill per 67.',
      zh: '短信内容，签名【公司名】放在开头或结尾（未带签名时使用凭证中的签名）。70 字以内计 1 条，超出按每 67 字 1 条计费。',
    },
    placeholder: '您的验证码是 1234，5 分钟内有效。【星辰商城】',
    ...overrides,
  };
}

export function scheduleField(overrides: Partial<DateTimeField> = {}): DateTimeField {
  return {
    name: 'schedule',
    type: 'dateTime',
    future: true,
    advanced: true,
    label: { en: 'Send At (Beijing Time)', zh: '定时发送（北京时间）' },
    description: {
      en: 'Leave empty to send now. A time without a zone is Beijing time.',
      zh: '留空立即发送。未带时区的时间按北京时间理解。',
    },
    ...overrides,
  };
}

export function extensionField(maxDigits: number, overrides: Partial<StringField> = {}): StringField {
  return {
    name: 'extension',
    type: 'string',
    advanced: true,
    pattern: new RegExp(`^\\d{1,${maxDigits}}$`),
    patternRule: `must be 1 to ${maxDigits} digits`,
    label: { en: 'Extension Code', zh: '扩展号' },
    description: {
      en: `Digits appended to the sender number (at most ${maxDigits}); ask your provider whether the channel supports it.`,
      zh: `附加在发送号码后的数字（最多 ${maxDigits} 位），请先确认通道是否支持。`,
    },
    ...overrides,
  };
}

export function previewField(): BooleanField {
  return {
    name: 'preview',
    type: 'boolean',
    default: false,
    label: { en: 'Preview Only (Do Not Send)', zh: '仅预览（不发送）' },
    description: {
      en: 'Validate and show parts, billed count and rejected numbers without sending anything.',
      zh: '只校验并显示拆分条数、计费条数和被拒号码，不实际发送。',
    },
  };
}

export function personalisedField(overrides: Partial<JsonField> = {}): JsonField {
  return {
    name: 'messages',
    type: 'json',
    shape: 'personalised',
    required: true,
    label: { en: 'Messages', zh: '个性化短信' },
    description: {
      en: 'A list of { "mobile": "...", "content": "..." }, one text per number.',
      zh: '列表，每项为 { "mobile": "号码", "content": "内容" }，每个号码一条专属内容。',
    },
    placeholder: '[{"mobile":"13800138000","content":"张三您好【星辰商城】"}]',
    ...overrides,
  };
}

export function framesField(overrides: Partial<JsonField> = {}): JsonField {
  return {
    name: 'frames',
    type: 'json',
    shape: 'frames',
    required: true,
    maxItems: 20,
    label: { en: 'Frames', zh: '彩信帧' },
    description: {
      en: 'Slides in order: each { "durationSeconds": 3, "text": "...", "files": [{ "fileName": "a.jpg", "data": <bytes or base64> }] }.',
      zh: '按顺序排列的帧：每帧 { "durationSeconds": 3, "text": "文字", "files": [{ "fileName": "a.jpg", "data": 字节或 base64 }] }。',
    },
    ...overrides,
  };
}

export function maxField(max: number, defaultValue: number, overrides: Partial<NumberField> = {}): NumberField {
  return {
    name: 'max',
    type: 'number',
    integer: true,
    min: 1,
    max,
    default: defaultValue,
    advanced: true,
    label: { en: 'Most Per Call', zh: '每次最多条数' },
    ...overrides,
  };
}

export function formatField(): OptionsField {
  return optionsField(
    'format',
    { en: 'Reply Format', zh: '返回格式' },
    [
      { value: 'xml', label: { en: 'XML', zh: 'XML' } },
      { value: 'json', label: { en: 'JSON', zh: 'JSON' } },
    ],
    { advanced: true },
  );
}

/** SMS or MMS, for operations that serve both (balance, reports, inbound) and for batch tasks. */
export function productField(name = 'product', label: Text = { en: 'Product', zh: '产品' }): OptionsField {
  return optionsField(name, label, [
    { value: 'sms', label: { en: 'SMS', zh: '短信' } },
    { value: 'mms', label: { en: 'MMS', zh: '彩信' } },
  ]);
}

export function textField(name: string, label: { en: string; zh: string }, overrides: Partial<StringField> = {}): StringField {
  return { name, type: 'string', label, ...overrides };
}

/** A choice among options; the first is the default unless the overrides name another. */
export function optionsField(name: string, label: Text, options: OptionsField['options'], overrides: Partial<OptionsField> = {}): OptionsField {
  return { name, type: 'options', default: options[0].value, label, options, ...overrides };
}

export type { Field };
