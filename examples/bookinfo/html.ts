/**
 * productpage's HTML. The strings tests and Istio's docs grep for are kept verbatim:
 * the `<title>`, `Reviews served by: <pod>`, the error headings and sentences, and
 * the star colour as a word (`<font color="red" class="stars stars-red">`).
 */
import type { Product, ReviewsResponse } from './model.js';

export const STYLESHEET = `body { font-family: sans-serif; margin: 0; color: #222; }
nav { background: #222; color: #eee; padding: .6em 1em; display: flex; justify-content: space-between; }
nav a, nav button { color: #eee; }
main { max-width: 60em; margin: 1em auto; padding: 0 1em; }
.columns { display: flex; gap: 2em; }
.columns > section { flex: 1; }
blockquote { border-left: 4px solid #ccc; margin: 1em 0; padding: 0 1em; }
.stars { font-size: 1.2em; }
.error { color: #a00; }
`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const DETAIL_FIELDS: ReadonlyArray<[string, string]> = [
  ['type', 'Type'],
  ['pages', 'Pages'],
  ['publisher', 'Publisher'],
  ['language', 'Language'],
  ['ISBN-10', 'ISBN-10'],
  ['ISBN-13', 'ISBN-13'],
];

function layout(body: string, user: string | undefined): string {
  const account = user
    ? `<span class="user">${escapeHtml(user)}</span> <a href="logout">sign out</a>`
    : `<form method="post" action="login">
  <input type="text" name="username" placeholder="User Name" aria-label="User Name">
  <input type="password" name="passwd" placeholder="Password" aria-label="Password">
  <button type="submit">Sign in</button>
</form>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simple Bookstore App</title>
<link rel="stylesheet" href="static/css/bookinfo.css">
</head>
<body>
<nav><a href="productpage">BookInfo Sample</a><div class="account">${account}</div></nav>
<main>
${body}
</main>
</body>
</html>
`;
}

export function indexPage(): string {
  return layout(
    `<h1>Bookinfo, isthmus's local demo</h1>
<p>A small bookstore made of four services: productpage, details, reviews (v1, v2, v3) and ratings.</p>
<p><a href="productpage">Open the product page</a></p>`,
    undefined,
  );
}

export interface PageModel {
  product: Product;
  user: string | undefined;
  details: { status: number; value?: Record<string, string | number> };
  reviews: { status: number; value?: ReviewsResponse };
}

function detailsSection(m: PageModel['details']): string {
  if (m.status !== 200 || !m.value) {
    return `<h4 class="error">Error fetching product details!</h4>
<p>Sorry, product details are currently unavailable for this book.</p>`;
  }
  const v = m.value;
  const rows = DETAIL_FIELDS.filter(([key]) => v[key] !== undefined)
    .map(([key, label]) => `<dt>${label}:</dt><dd>${escapeHtml(String(v[key]))}</dd>`)
    .join('\n');
  return `<h4>Book Details</h4>\n<dl class="details">\n${rows}\n</dl>`;
}

function starsMarkup(stars: number, color: string): string {
  const word = /^[a-z]+$/i.test(color) ? color.toLowerCase() : 'black';
  const full = '&#9733;'.repeat(stars);
  const empty = '&#9734;'.repeat(5 - stars);
  return `<font color="${word}" class="stars stars-${word}" aria-label="${stars} of 5 stars">${full}${empty}</font>`;
}

function reviewsSection(m: PageModel['reviews']): string {
  if (m.status !== 200 || !m.value) {
    return `<h4 class="error">Error fetching product reviews!</h4>
<p>Sorry, product reviews are currently unavailable for this book.</p>`;
  }
  const items = m.value.reviews
    .map((r) => {
      let rating = '';
      if (r.rating && 'stars' in r.rating) rating = starsMarkup(r.rating.stars, r.rating.color);
      else if (r.rating) rating = `<p class="rating-error"><i>${escapeHtml(r.rating.error)}</i></p>`;
      return `<blockquote class="review">
<p>${escapeHtml(r.text)}</p>
<small>${escapeHtml(r.reviewer)}</small>
${rating}
</blockquote>`;
    })
    .join('\n');
  const cluster = m.value.clustername !== 'null' ? ` on cluster ${escapeHtml(m.value.clustername)}` : '';
  return `<h4>Book Reviews</h4>
${items}
<p class="served-by">Reviews served by: ${escapeHtml(m.value.podname)}${cluster}</p>`;
}

export function productPage(m: PageModel): string {
  return layout(
    `<h1 class="title">${escapeHtml(m.product.title)}</h1>
<p class="summary">${m.product.descriptionHtml}</p>
<div class="columns">
<section class="book-details">
${detailsSection(m.details)}
</section>
<section class="book-reviews">
${reviewsSection(m.reviews)}
</section>
</div>`,
    m.user,
  );
}
