/**
 * Writes the Node-RED editor file and locales from the operation catalog at build time, so
 * the editor's fields, labels (English and Chinese) and help never drift from validation.
 * The output keeps `registerType` calls with literal type names and inline literal
 * defaults, as the Flow Library scorecard (node-red-dev validate) reads them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECIPIENTS_OUTPUT, VENDORS } from '../catalog';
import type { Field, Text } from '../catalog/types';
import { POLL_MAX_SECONDS, POLL_MIN_SECONDS, SECRET_FIELDS } from './gateway';
import { UI } from './texts';

type Lang = 'en-US' | 'zh-CN';
const pick = (text: Text, lang: Lang) => (lang === 'zh-CN' ? text.zh : text.en);

function allActionFields(): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const entry of Object.values(VENDORS)) for (const op of entry!.operations) for (const f of op.fields) if (f.name !== 'preview' && !fields.has(f.name)) fields.set(f.name, f);
  return fields;
}

function allGatewayFields(): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const entry of Object.values(VENDORS)) for (const f of entry!.credentialFields) if (!fields.has(f.name)) fields.set(f.name, f);
  return fields;
}

/** What the editor script needs to know: each vendor's operations and settings. */
function editorCatalog() {
  return Object.fromEntries(
    Object.values(VENDORS).map((entry) => [
      entry!.id,
      {
        label: entry!.label,
        push: Boolean(entry!.push),
        settings: entry!.credentialFields.map((f) => f.name),
        feeds: entry!.feeds.map((f) => ({ name: f.name, label: f.label })),
        operations: entry!.operations.map((op) => ({
          id: `${op.resource}.${op.name}`,
          label: op.label,
          sends: Boolean(op.sends),
          fields: op.fields.filter((f) => f.name !== 'preview').map((f) => f.name),
          required: op.fields.filter((f) => f.required).map((f) => f.name),
          labels: Object.fromEntries(op.fields.map((f) => [f.name, f.label])),
        })),
      },
    ]),
  );
}

function typedInputTypes(field: Field): string[] {
  switch (field.type) {
    case 'number':
      return ['num', 'msg', 'flow', 'global', 'env', 'str'];
    case 'boolean':
      return ['bool', 'msg', 'flow', 'global', 'env'];
    case 'json':
      return ['json', 'msg', 'flow', 'global', 'env', 'str'];
    case 'dateTime':
      return ['str', 'date', 'msg', 'flow', 'global', 'env', 'num'];
    case 'options':
      // 'opt' is our own TypedInput type, a list of the catalog's options (see the editor script).
      return ['opt', 'msg', 'flow', 'global', 'env', 'str'];
    default:
      return ['str', 'msg', 'flow', 'global', 'env', 'json'];
  }
}

function defaultType(field: Field): string {
  return field.type === 'number' ? 'num' : field.type === 'boolean' ? 'bool' : field.type === 'json' ? 'json' : field.type === 'options' ? 'opt' : 'str';
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

export function renderEditor(): string {
  const actionFields = allActionFields();
  const gatewayFields = allGatewayFields();
  const gatewayDefaults = [
    `name: { value: "" }`,
    `vendor: { value: "smsaspx", required: true }`,
    ...[...gatewayFields.values()].filter((f) => !SECRET_FIELDS.includes(f.name)).map((f) => `${f.name}: { value: ${literal(f.default ?? '')} }`),
  ];
  const actionDefaults = [
    `name: { value: "" }`,
    `gateway: { value: "", type: "china-sms-gateway", required: true }`,
    `operation: { value: "sms.send", required: true }`,
    `preview: { value: false }`,
    `raw: { value: true }`,
    `recipientsOutput: { value: "all" }`,
    ...[...actionFields.values()].flatMap((f) => [
      `f_${f.name}: { value: ${literal(f.type === 'options' ? (f.default ?? '') : '')} }`,
      `f_${f.name}Type: { value: ${literal(defaultType(f))} }`,
    ]),
  ];
  const gatewayRows = [...gatewayFields.values()]
    .map((f) => {
      const secret = SECRET_FIELDS.includes(f.name);
      const id = secret ? `node-config-input-${f.name}` : `node-config-input-${f.name}`;
      let input: string;
      if (f.type === 'options') input = `<select id="${id}">${f.options.map((o) => `<option value="${o.value}" data-i18n="china-sms.option.${f.name}.${o.value}"></option>`).join('')}</select>`;
      else if (f.type === 'boolean') input = `<input type="checkbox" id="${id}" style="width:auto">`;
      else input = `<input type="${secret ? 'password' : 'text'}" id="${id}" placeholder="${(f.placeholder ?? '').replace(/"/g, '&quot;')}">`;
      return `  <div class="form-row china-sms-setting" data-setting="${f.name}"><label for="${id}" data-i18n="china-sms.setting.${f.name}"></label>${input}</div>`;
    })
    .join('\n');
  const actionRows = [...actionFields.values()]
    .map((f) => `  <div class="form-row china-sms-field" data-field="${f.name}"><label for="node-input-f_${f.name}" data-i18n="china-sms.field.${f.name}"></label><input type="text" id="node-input-f_${f.name}" style="width:70%"><input type="hidden" id="node-input-f_${f.name}Type"></div>`)
    .join('\n');
  const typedInputs = Object.fromEntries(
    [...actionFields.values()].map((f) => [
      f.name,
      {
        types: typedInputTypes(f),
        def: defaultType(f),
        options: f.type === 'options' ? f.options : undefined,
        // No default: an empty choice keeps the gateway's own setting (e.g. its send interface).
        blank: f.type === 'options' && f.default === undefined,
      },
    ]),
  );

  return `<!-- Generated from the operation catalog by src/node-red/editor.ts: edit the catalog, not this file. -->
<script type="text/javascript">
(function () {
  var CATALOG = ${JSON.stringify(editorCatalog())};
  var TYPED = ${JSON.stringify(typedInputs)};
  function lang() { var l = (RED.i18n && RED.i18n.lang && RED.i18n.lang()) || 'en-US'; return /^zh/i.test(l) ? 'zh' : 'en'; }
  function text(t) { return t ? t[lang()] : ''; }
  function vendorOf(gatewayId) { var g = RED.nodes.node(gatewayId); return g ? g.vendor : undefined; }

  RED.nodes.registerType("china-sms-gateway", {
    category: "config",
    defaults: { ${gatewayDefaults.join(', ')} },
    credentials: { password: { type: "password" }, secretKey: { type: "password" } },
    label: function () { return this.name || (CATALOG[this.vendor] ? text(CATALOG[this.vendor].label) : "china-sms gateway"); },
    oneditprepare: function () {
      var node = this;
      function refresh() {
        var vendor = $("#node-config-input-vendor").val();
        var settings = (CATALOG[vendor] || { settings: [] }).settings;
        $(".china-sms-setting").each(function () { $(this).toggle(settings.indexOf($(this).data("setting")) >= 0); });
      }
      $("#node-config-input-vendor").on("change", refresh);
      refresh();
    }
  });

  RED.nodes.registerType("china-sms", {
    category: "China SMS",
    color: "#E2D96E",
    defaults: { ${actionDefaults.join(', ')} },
    inputs: 1,
    outputs: 1,
    icon: "china-sms.svg",
    paletteLabel: "china sms",
    label: function () {
      var vendor = vendorOf(this.gateway);
      var ops = vendor && CATALOG[vendor] ? CATALOG[vendor].operations : [];
      for (var i = 0; i < ops.length; i++) if (ops[i].id === this.operation) return this.name || text(ops[i].label);
      return this.name || "china sms";
    },
    oneditprepare: function () {
      var node = this;
      // A node saved before the box existed keeps its raw replies (the runtime reads a missing
      // raw as on); left unticked here, saving it would turn them off.
      if (node.raw === undefined) $("#node-input-raw").prop("checked", true);
      if (!node.recipientsOutput) $("#node-input-recipientsOutput").val("all");
      Object.keys(TYPED).forEach(function (name) {
        // Option fields offer the catalog's choices as their own TypedInput type ('opt'); the
        // runtime reads an unknown type's value as it is.
        var types = TYPED[name].types.map(function (t) {
          if (t !== 'opt') return t;
          var options = TYPED[name].options.map(function (o) { return { value: o.value, label: text(o.label) }; });
          if (TYPED[name].blank) options.unshift({ value: '', label: lang() === 'zh' ? '（按网关设置）' : '(as the gateway says)' });
          return { value: 'opt', label: lang() === 'zh' ? '选项' : 'option', options: options };
        });
        $("#node-input-f_" + name).typedInput({ types: types, typeField: "#node-input-f_" + name + "Type", default: TYPED[name].def });
      });
      function fillOperations() {
        var vendor = vendorOf($("#node-input-gateway").val());
        var select = $("#node-input-operation");
        var current = select.val() || node.operation;
        select.empty();
        var ops = vendor && CATALOG[vendor] ? CATALOG[vendor].operations : [];
        ops.forEach(function (op) { $("<option>").val(op.id).text(text(op.label)).appendTo(select); });
        if (ops.some(function (op) { return op.id === current; })) select.val(current);
        showFields();
      }
      function showFields() {
        var vendor = vendorOf($("#node-input-gateway").val());
        var ops = vendor && CATALOG[vendor] ? CATALOG[vendor].operations : [];
        var op = ops.filter(function (o) { return o.id === $("#node-input-operation").val(); })[0];
        $(".china-sms-field").each(function () {
          var name = $(this).data("field");
          var shown = !!op && op.fields.indexOf(name) >= 0;
          $(this).toggle(shown);
          if (shown && op.labels[name]) $(this).find("label").text(text(op.labels[name]) + (op.required.indexOf(name) >= 0 ? " *" : ""));
        });
        $(".china-sms-preview").toggle(!!op && op.sends);
      }
      $("#node-input-gateway").on("change", fillOperations);
      $("#node-input-operation").on("change", showFields);
      fillOperations();
    }
  });

  RED.nodes.registerType("china-sms-poll", {
    category: "China SMS",
    color: "#E2D96E",
    defaults: { name: { value: "" }, gateway: { value: "", type: "china-sms-gateway", required: true }, feed: { value: "deliveryReports" }, mode: { value: "interval" }, interval: { value: 60, validate: RED.validators.number() } },
    inputs: 1,
    outputs: 1,
    icon: "china-sms.svg",
    paletteLabel: "china sms poll",
    label: function () { return this.name || "china sms poll"; },
    oneditprepare: function () {
      function fillFeeds() {
        var vendor = vendorOf($("#node-input-gateway").val());
        var select = $("#node-input-feed");
        var current = select.val() || this.feed;
        select.empty();
        ((vendor && CATALOG[vendor]) ? CATALOG[vendor].feeds : []).forEach(function (f) { $("<option>").val(f.name).text(text(f.label)).appendTo(select); });
        if (current) select.val(current);
      }
      $("#node-input-gateway").on("change", fillFeeds.bind(this));
      fillFeeds.call(this);
    }
  });

  RED.nodes.registerType("china-sms-push", {
    category: "China SMS",
    color: "#E2D96E",
    defaults: { name: { value: "" }, gateway: { value: "", type: "china-sms-gateway", required: true }, path: { value: "/china-sms/push", required: true } },
    inputs: 0,
    outputs: 1,
    icon: "china-sms.svg",
    paletteLabel: "china sms push",
    label: function () { return this.name || ("china sms push " + this.path); }
  });
})();
</script>

<script type="text/html" data-template-name="china-sms-gateway">
  <div class="form-row"><label for="node-config-input-name" data-i18n="china-sms.label.name"></label><input type="text" id="node-config-input-name"></div>
  <div class="form-row"><label for="node-config-input-vendor" data-i18n="china-sms.label.vendor"></label><select id="node-config-input-vendor">${Object.values(VENDORS)
    .map((e) => `<option value="${e!.id}" data-i18n="china-sms.vendor.${e!.id}"></option>`)
    .join('')}</select></div>
${gatewayRows}
  <div class="form-tips" data-i18n="[html]china-sms.tip.env"></div>
</script>

<script type="text/html" data-template-name="china-sms">
  <div class="form-row"><label for="node-input-name" data-i18n="china-sms.label.name"></label><input type="text" id="node-input-name"></div>
  <div class="form-row"><label for="node-input-gateway" data-i18n="china-sms.label.gateway"></label><input type="text" id="node-input-gateway"></div>
  <div class="form-row"><label for="node-input-operation" data-i18n="china-sms.label.operation"></label><select id="node-input-operation"></select></div>
${actionRows}
  <div class="form-row china-sms-preview"><label for="node-input-preview" data-i18n="china-sms.label.preview"></label><input type="checkbox" id="node-input-preview" style="width:auto"></div>
  <div class="form-row china-sms-preview"><label for="node-input-raw" data-i18n="china-sms.label.raw"></label><input type="checkbox" id="node-input-raw" style="width:auto"></div>
  <div class="form-row china-sms-preview"><label for="node-input-recipientsOutput" data-i18n="china-sms.label.recipientsOutput"></label><select id="node-input-recipientsOutput">${RECIPIENTS_OUTPUT.map((o) => `<option value="${o.value}" data-i18n="china-sms.option.recipientsOutput.${o.value}"></option>`).join('')}</select></div>
  <div class="form-tips" data-i18n="[html]china-sms.tip.msg"></div>
</script>

<script type="text/html" data-template-name="china-sms-poll">
  <div class="form-row"><label for="node-input-name" data-i18n="china-sms.label.name"></label><input type="text" id="node-input-name"></div>
  <div class="form-row"><label for="node-input-gateway" data-i18n="china-sms.label.gateway"></label><input type="text" id="node-input-gateway"></div>
  <div class="form-row"><label for="node-input-feed" data-i18n="china-sms.label.feed"></label><select id="node-input-feed"></select></div>
  <div class="form-row"><label for="node-input-mode" data-i18n="china-sms.label.mode"></label><select id="node-input-mode"><option value="interval" data-i18n="china-sms.option.mode.interval"></option><option value="input" data-i18n="china-sms.option.mode.input"></option></select></div>
  <div class="form-row"><label for="node-input-interval" data-i18n="china-sms.label.interval"></label><input type="number" id="node-input-interval" min="${POLL_MIN_SECONDS}" max="${POLL_MAX_SECONDS}" style="width:100px"></div>
  <div class="form-tips" data-i18n="china-sms.tip.poll"></div>
</script>

<script type="text/html" data-template-name="china-sms-push">
  <div class="form-row"><label for="node-input-name" data-i18n="china-sms.label.name"></label><input type="text" id="node-input-name"></div>
  <div class="form-row"><label for="node-input-gateway" data-i18n="china-sms.label.gateway"></label><input type="text" id="node-input-gateway"></div>
  <div class="form-row"><label for="node-input-path" data-i18n="china-sms.label.path"></label><input type="text" id="node-input-path"></div>
  <div class="form-tips" data-i18n="china-sms.tip.push"></div>
</script>
`;
}


export function renderLocale(lang: Lang): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = { label: {}, option: {}, tip: {}, setting: {}, field: {}, vendor: {}, status: {} };
  for (const [key, value] of Object.entries(UI)) {
    const parts = key.split('.');
    let target = out as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = pick(value, lang);
  }
  for (const entry of Object.values(VENDORS)) out.vendor[entry!.id] = pick(entry!.label, lang);
  for (const field of allGatewayFields().values()) {
    out.setting[field.name] = pick(field.label, lang);
    if (field.type === 'options') (out.option as Record<string, unknown>)[field.name] = Object.fromEntries(field.options.map((o) => [o.value, pick(o.label, lang)]));
  }
  for (const field of allActionFields().values()) out.field[field.name] = pick(field.label, lang);
  out.option.recipientsOutput = Object.fromEntries(RECIPIENTS_OUTPUT.map((o) => [o.value, pick(o.label, lang)]));
  return { 'china-sms': out };
}

function helpFor(lang: Lang): string {
  const zh = lang === 'zh-CN';
  const ops = Object.values(VENDORS)
    .map((e) => `### ${pick(e!.label, lang)}\n\n${e!.operations.map((op) => `- **${pick(op.label, lang)}** (\`${op.resource}.${op.name}\`): ${pick(op.description, lang)}`).join('\n')}`)
    .join('\n\n');
  const action = zh
    ? `通过所选网关调用短信/彩信接口。\n\n### 输入\n\n: payload (string) : 发送类操作的短信内容（字段留空时）。\n: sms (object) : 填写节点中留空的字段，如 \`msg.sms.recipients\`、\`msg.sms.content\`、\`msg.sms.preview\`、\`msg.sms.raw\`、\`msg.sms.recipientsOutput\`（\`all\`、\`notAccepted\` 或 \`none\`）。\n\n### 输出\n\n: payload (object) : 结果：逐个号码的状态、批次号、计费条数，以及原始返回 \`raw\`（每次请求一条）。大批量发送时可取消勾选“原始返回”或设 \`msg.sms.raw = false\`：10 万个号码约有 200 次返回，内容与 \`recipients\` 重复。“列出号码”选“仅未受理的”时，\`recipients\` 只含被拒、失败和状态未知的号码（群发后需要跟进的），计数不变。\n: sms (object) : \`vendor\`、\`operation\`、\`preview\`。\n\n### 说明\n\n号码自动校验、去重并按服务商上限分批。发送不会自动重试（避免重复扣费）。出错时消息交给 Catch 节点，错误中含服务商代码 \`vendorCode\`。\n\n## 操作\n\n${ops}`
    : `Calls the SMS/MMS gateway chosen in the gateway configuration.\n\n### Inputs\n\n: payload (string) : the text for send operations, when the content field is empty.\n: sms (object) : fills the fields left empty in the node, e.g. \`msg.sms.recipients\`, \`msg.sms.content\`, \`msg.sms.preview\`, \`msg.sms.raw\`, \`msg.sms.recipientsOutput\` (\`all\`, \`notAccepted\` or \`none\`).\n\n### Outputs\n\n: payload (object) : the result: per-recipient status, batch id, billed count, and the vendor's replies in \`raw\`, one per request. For large sends untick *Raw replies* or set \`msg.sms.raw = false\`: 100,000 numbers make about 200 replies that repeat what \`recipients\` says. With *List recipients* set to *Not accepted only*, \`recipients\` holds just the rejected, failed and unknown numbers (what a campaign needs to follow up); the counts stay.\n: sms (object) : \`vendor\`, \`operation\`, \`preview\`.\n\n### Details\n\nNumbers are validated, de-duplicated and split at the vendor's per-request limit. Sends are never retried automatically (a duplicate SMS costs money). Errors go to Catch nodes with the vendor's code in \`vendorCode\`.\n\n## Operations\n\n${ops}`;
  const gateway = zh
    ? '一个短信网关账号：服务商、地址、账号。密码和密钥保存为 Node-RED 凭据。设置值可写 `${环境变量}`。沙箱地址见 `npm run sandbox` 的输出。'
    : 'One gateway account: vendor, address and login. Passwords and keys are Node-RED credentials. Settings may be `${ENV_VAR}`. The sandbox prints its base URLs on start (`npm run sandbox`).';
  const poll = zh
    ? '定时（10 秒到 1 小时）或在收到消息时，从网关取状态报告或回复，直到取完。每条只输出一次。\n\n### 输出\n\n: topic (string) : `deliveryReports`、`inboundMessages` 或 `inboundMms`。\n: payload (object) : 一条状态报告或回复，含统一状态和原始内容 `raw`。'
    : 'Fetches delivery reports or replies until the gateway has none left, on an interval (10 s to 1 h) or when a message arrives. Each is sent once.\n\n### Outputs\n\n: topic (string) : `deliveryReports`, `inboundMessages` or `inboundMms`.\n: payload (object) : one report or reply, with the common status and the vendor\'s `raw`.';
  const push = zh
    ? '接收亿美或 sms.aspx 平台推送的状态报告和回复。解码成功后才应答 `success` / `1`，否则让服务商重试。\n\n### 输出\n\n: topic (string) : `deliveryReports` 或 `inboundMessages`。\n: payload (object) : 一条状态报告或回复。'
    : 'Receives reports and replies that Emay or the sms.aspx platform push. Answers `success` / `1` only once the push decoded; otherwise the vendor retries.\n\n### Outputs\n\n: topic (string) : `deliveryReports` or `inboundMessages`.\n: payload (object) : one report or reply.';
  const block = (name: string, body: string) => `<script type="text/markdown" data-help-name="${name}">\n${body}\n</script>\n`;
  return block('china-sms-gateway', gateway) + block('china-sms', action) + block('china-sms-poll', poll) + block('china-sms-push', push);
}

/** Called by scripts/build.mjs after tsc. */
export function writeEditorFiles(distNodeRed: string): void {
  writeFileSync(join(distNodeRed, 'china-sms.html'), renderEditor());
  for (const lang of ['en-US', 'zh-CN'] as Lang[]) {
    const dir = join(distNodeRed, 'locales', lang);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'china-sms.json'), `${JSON.stringify(renderLocale(lang), null, 2)}\n`);
    writeFileSync(join(dir, 'china-sms.html'), helpFor(lang));
  }
}
