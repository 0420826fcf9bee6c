import { describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Markdown } from './markdown.js';

describe('<Markdown>', () => {
  test('renders paragraphs, lists, links and code blocks', async () => {
    await render(
      <Markdown
        text={'Hello **world**, see [docs](https://example.com/docs).\n\n- one\n- `two`\n\n```js\nlet a = 1;\n```'}
      />,
    );
    await expect.element(page.getByText('world')).toHaveProperty('tagName', 'STRONG');
    const link = page.getByRole('link', { name: 'docs' });
    await expect.element(link).toHaveAttribute('href', 'https://example.com/docs');
    await expect.element(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(page.getByRole('listitem').all()).toHaveLength(2);
    await expect.element(page.getByText('let a = 1;')).toHaveProperty('tagName', 'CODE');
  });

  test('renders GFM tables with header cells, alignment and inline markdown in cells', async () => {
    const screen = await render(
      <Markdown text={'| Model | Cost |\n| :-- | --: |\n| **small** | $0.1 |\n| large | $2 |'} />,
    );
    const headers = page.getByRole('columnheader');
    await expect.element(headers.first()).toHaveTextContent('Model');
    expect(headers.all().map((h) => h.element().textContent)).toEqual(['Model', 'Cost']);
    const cells = page.getByRole('cell');
    expect(cells.all().map((c) => c.element().textContent)).toEqual(['small', '$0.1', 'large', '$2']);
    await expect.element(page.getByText('small')).toHaveProperty('tagName', 'STRONG');
    await expect.element(cells.nth(1)).toHaveStyle({ textAlign: 'right' });
    // While the table streams, a partial row shows up as a row, padded to the header's width.
    await screen.rerender(
      <Markdown text={'| Model | Cost |\n| :-- | --: |\n| **small** | $0.1 |\n| large | $2 |\n| xl'} />,
    );
    expect(page.getByRole('row').all()).toHaveLength(4);
    expect(page.getByRole('cell').all()).toHaveLength(6);
  });

  test('renders nested lists inside their parent item', async () => {
    const screen = await render(<Markdown text={'1. Install\n   - with npm\n   - or pnpm\n2. Run'} />);
    const outer = screen.container.querySelector('ol');
    expect(outer?.children).toHaveLength(2);
    const nested = outer?.querySelector(':scope > li:first-child > ul');
    expect([...(nested?.children ?? [])].map((li) => li.textContent)).toEqual(['with npm', 'or pnpm']);
    expect(outer?.querySelector(':scope > li:last-child')?.textContent).toBe('Run');
  });

  test('never injects raw HTML and drops unsafe link targets', async () => {
    const { container } = await render(
      <Markdown
        text={
          '<img src=x onerror="window.__pwned=1"> <b>bold?</b>\n\n[click](javascript:alert(1)) [d](data:text/html,hi)'
        }
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<img src=x');
    expect(container.querySelectorAll('a')).toHaveLength(0);
    await expect.element(page.getByText('click')).toBeVisible();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  test('while streaming, completed blocks stay the same DOM nodes; only the last block changes', async () => {
    const screen = await render(<Markdown text={'First paragraph.\n\nSecond'} />);
    const first = screen.container.querySelector('p');
    await screen.rerender(<Markdown text={'First paragraph.\n\nSecond paragraph, longer'} />);
    expect(screen.container.querySelector('p')).toBe(first);
    await expect.element(page.getByText('Second paragraph, longer')).toBeVisible();
  });

  test('a long answer keeps every block in order and every settled block node while it grows', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}.`);
    const screen = await render(<Markdown text={paragraphs.join('\n\n')} />);
    const before = [...screen.container.querySelectorAll('p')];
    await screen.rerender(<Markdown text={`${paragraphs.join('\n\n')} More.\n\n- a list`} />);
    const after = [...screen.container.querySelectorAll('p')];
    expect(after.map((p) => p.textContent)).toEqual([...paragraphs.slice(0, 39), 'Paragraph 39. More.']);
    expect(after.slice(0, 39).every((p, i) => p === before[i])).toBe(true);
    expect(screen.container.lastElementChild?.tagName).toBe('UL');
  });
});
