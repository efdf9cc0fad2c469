import path from 'node:path';

/**
 * The browsable API page (docs/municipal-api.md: `/api/docs`): Swagger UI from swagger-ui-dist, served by us, no CDN.
 * The api serves the files of `swaggerUiAssetsDir()` (at least SWAGGER_UI_ASSETS) under `assetsBase`.
 */

/** The files of swagger-ui-dist the page loads. */
export const SWAGGER_UI_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'] as const;

/** The absolute directory of swagger-ui-dist's files. */
export function swaggerUiAssetsDir(): string {
  return path.dirname(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
};

/**
 * The file to send for `<assetsBase>/<file>`, or undefined for anything but SWAGGER_UI_ASSETS (so a route serving it
 * cannot be led out of the directory).
 */
export function swaggerUiAsset(file: string): { path: string; contentType: string } | undefined {
  if (!(SWAGGER_UI_ASSETS as readonly string[]).includes(file)) return undefined;
  return { path: path.join(swaggerUiAssetsDir(), file), contentType: CONTENT_TYPES[path.extname(file)]! };
}

export interface ApiDocsPageOptions {
  /** Where the page fetches the document, e.g. `/api/v1/openapi.json`. */
  specUrl: string;
  /** Where swagger-ui-dist's files are served, e.g. `/api/docs/assets`. */
  assetsBase: string;
  title?: string;
}

const html = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A JSON value that is safe inside <script>: no `</script>`, no `<!--`, no line separators. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The HTML of the docs page. */
export function renderApiDocsHtml({ specUrl, assetsBase, title = 'puljeflow municipal API v1' }: ApiDocsPageOptions): string {
  const base = assetsBase.replace(/\/+$/, '');
  const asset = (file: string) => html(`${base}/${file}`);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${html(title)}</title>
    <link rel="stylesheet" href="${asset('swagger-ui.css')}">
    <link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}" sizes="32x32">
    <link rel="icon" type="image/png" href="${asset('favicon-16x16.png')}" sizes="16x16">
    <style>body { margin: 0; }</style>
  </head>
  <body>
    <div id="swagger-ui"></div>
    <noscript>This page needs JavaScript. The OpenAPI document itself is at <a href="${html(specUrl)}">${html(specUrl)}</a>.</noscript>
    <script src="${asset('swagger-ui-bundle.js')}" charset="utf-8"></script>
    <script>
      window.ui = SwaggerUIBundle({
        url: ${scriptJson(specUrl)},
        dom_id: '#swagger-ui',
        deepLinking: true,
        presets: [SwaggerUIBundle.presets.apis],
        layout: 'BaseLayout',
        persistAuthorization: false,
      });
    </script>
  </body>
</html>
`;
}
