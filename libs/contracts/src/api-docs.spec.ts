import fs from 'node:fs';
import path from 'node:path';
import { renderApiDocsHtml, SWAGGER_UI_ASSETS, swaggerUiAsset, swaggerUiAssetsDir } from './api-docs';

describe('the API docs page', () => {
  const page = renderApiDocsHtml({ specUrl: '/api/v1/openapi.json', assetsBase: '/api/docs/assets/' });

  it('loads Swagger UI from our own assets, never from a CDN', () => {
    expect(page).toContain('<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">');
    expect(page).toContain('<script src="/api/docs/assets/swagger-ui-bundle.js" charset="utf-8"></script>');
    expect(page).toContain('url: "/api/v1/openapi.json"');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('every asset the page names is a file of swagger-ui-dist', () => {
    const dir = swaggerUiAssetsDir();
    expect(path.isAbsolute(dir)).toBe(true);
    for (const file of SWAGGER_UI_ASSETS) expect(fs.existsSync(path.join(dir, file))).toBe(true);
    const named = [...page.matchAll(/(?:src|href)="\/api\/docs\/assets\/([^"]+)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...SWAGGER_UI_ASSETS].sort());
  });

  it('names the file and content type of each asset, and nothing else', () => {
    expect(swaggerUiAsset('swagger-ui-bundle.js')).toEqual({ path: path.join(swaggerUiAssetsDir(), 'swagger-ui-bundle.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(swaggerUiAsset('swagger-ui.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(swaggerUiAsset('favicon-16x16.png')?.contentType).toBe('image/png');
    for (const file of ['../package.json', 'index.js', '', 'swagger-ui-bundle.js.map']) expect(swaggerUiAsset(file)).toBeUndefined();
  });

  it('cannot be broken out of by the URLs it is given', () => {
    const hostile = renderApiDocsHtml({ specUrl: '/x"</script><script>alert(1)</script>', assetsBase: '/a"><b' });
    expect(hostile).not.toContain('</script><script>alert(1)');
    expect(hostile).not.toContain('"><b');
  });
});
