// The post-purchase email's templates: Handlebars fills them (HTML-escaping every value), MJML turns
// the result into responsive, client-safe HTML (tables, inlined CSS, a one-column layout on phones).
// Kept as strings in code so the production bundle carries them (no file reads at run time).

export const UPSELL_MJML = `<mjml lang="{{language}}">
  <mj-head>
    <mj-title>{{subject}}</mj-title>
    <mj-preview>{{preview}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="22px" color="#1f2328" padding="4px 0" />
      <mj-button background-color="#1f2328" color="#ffffff" font-size="15px" font-weight="600" border-radius="6px" inner-padding="12px 20px" padding="12px 0 0" align="left" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f5" width="600px">
    <mj-section padding="24px 16px 8px">
      <mj-column>
        <mj-text font-size="14px" color="#57606a">{{shopName}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-radius="8px 8px 0 0" padding="24px 24px 8px">
      <mj-column>
        <mj-text font-size="22px" line-height="28px" font-weight="700">{{heading}}</mj-text>
        <mj-text>{{intro}}</mj-text>
        {{#if discountText}}
        <mj-text padding="12px 0 0"><span style="display:inline-block;background:#eef6ee;border:1px dashed #2da44e;border-radius:6px;padding:10px 14px;">{{discountText}}</span></mj-text>
        {{/if}}
      </mj-column>
    </mj-section>
    {{#each items}}
    <mj-section background-color="#ffffff" padding="16px 24px" border-top="1px solid #eaeef2">
      <mj-column width="34%" vertical-align="middle">
        {{#if imageUrl}}
        <mj-image src="{{imageUrl}}" alt="{{title}}" href="{{url}}" width="160px" border-radius="6px" padding="0 12px 0 0" />
        {{/if}}
      </mj-column>
      <mj-column width="66%" vertical-align="middle">
        {{#if badge}}<mj-text font-size="12px" color="#8250df" font-weight="600" text-transform="uppercase">{{badge}}</mj-text>{{/if}}
        <mj-text font-size="17px" font-weight="600">{{title}}</mj-text>
        {{#if variantTitle}}<mj-text font-size="14px" color="#57606a">{{variantTitle}}</mj-text>{{/if}}
        <mj-text font-size="16px">{{price}}</mj-text>
        <mj-button href="{{url}}">{{../addToCart}}</mj-button>
      </mj-column>
    </mj-section>
    {{/each}}
    <mj-section background-color="#ffffff" border-radius="0 0 8px 8px" padding="8px 24px 16px">
      <mj-column><mj-spacer height="4px" /></mj-column>
    </mj-section>
    <mj-section padding="16px 24px 32px">
      <mj-column>
        <mj-text font-size="12px" line-height="18px" color="#6e7781">{{footer}} <a href="{{unsubscribeUrl}}" style="color:#6e7781;text-decoration:underline;">{{unsubscribe}}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

export const UPSELL_TEXT = `{{heading}}

{{intro}}
{{#if discountText}}

{{discountText}}
{{/if}}
{{#each items}}

{{#if badge}}[{{badge}}] {{/if}}{{title}}{{#if variantTitle}} ({{variantTitle}}){{/if}} - {{price}}
{{../addToCart}}: {{url}}
{{/each}}

--
{{footer}}
{{unsubscribe}}: {{unsubscribeUrl}}
`;
