/**
 * Synthetic mentions for load tests: a deterministic mix of complaints,
 * escalations, questions, praise and spam in English and Korean, written here
 * (never copied from the labelled bench data), shaped like X API v2 posts so
 * the replay source and the fake X server can both serve them.
 */
export type SyntheticPost = {
  id: string;
  text: string;
  lang: string;
  created_at: string;
  author: {
    id: string;
    username: string;
    name: string;
    followers_count: number;
    verified: boolean;
  };
};

const COMPLAINTS = [
  '@{brand} my order #{n} still hasn’t arrived after two weeks. No answer from support either.',
  '@{brand} charged twice for the same subscription this month. I want a refund.',
  '@{brand} the app keeps crashing when I open my basket, third time today',
  'Waited 45 minutes on hold with @{brand} and then they hung up on me. Unbelievable.',
  '@{brand} why is my delivery cancelled AGAIN?? this is the second time',
  '@{brand} 배송이 아직도 안 왔어요. 벌써 일주일째입니다',
  '@{brand} 환불 요청한 지 2주가 지났는데 아무 답변이 없네요',
];
const ESCALATIONS = [
  '@{brand} the charger you sold me caught fire last night, my kid could have been hurt',
  '@{brand} someone logged into my account and changed my email, I think I was hacked',
  '@{brand} I am talking to my lawyer about this, you have until Friday',
];
const QUESTIONS = [
  '@{brand} do you ship to Ireland?',
  '@{brand} what time does the Leeds store open on Sundays?',
];
const PRAISE = [
  '@{brand} thank you for the quick help yesterday, great service!',
  'Love my new headphones from @{brand} 😍',
  '@{brand} 친절하게 도와주셔서 감사합니다!',
];
const SPAM = ['@{brand} FREE followers at bit.ly/xyz bit.ly/xyz bit.ly/xyz', '@{brand} 🔥🔥🔥'];

/** Weighted so roughly half the stream needs a reply, like a busy brand's mentions. */
const MIX: [string[], number][] = [
  [COMPLAINTS, 45],
  [ESCALATIONS, 5],
  [QUESTIONS, 15],
  [PRAISE, 25],
  [SPAM, 10],
];

export function syntheticPosts(count: number, options: { brand?: string; start?: Date } = {}) {
  const brand = options.brand ?? 'acme';
  const start = (options.start ?? new Date()).getTime() - count * 10;
  const random = mulberry32(42);
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  const posts: SyntheticPost[] = [];
  for (let i = 0; i < count; i++) {
    let pick = random() * total;
    const group = MIX.find(([, w]) => (pick -= w) < 0)?.[0] ?? COMPLAINTS;
    const template = group[Math.floor(random() * group.length)] ?? '';
    const authorNumber = Math.floor(random() * Math.max(1, count / 3));
    posts.push({
      id: String(1_900_000_000_000_000_000n + BigInt(i)),
      text: template.replaceAll('{brand}', brand).replaceAll('{n}', String(10_000 + i)),
      lang: /[가-힣]/.test(template) ? 'ko' : 'en',
      created_at: new Date(start + i * 10).toISOString(),
      author: {
        id: String(5_000_000 + authorNumber),
        username: `customer${authorNumber}`,
        name: `Customer ${authorNumber}`,
        followers_count: Math.floor(random() ** 3 * 200_000),
        verified: random() < 0.02,
      },
    });
  }
  return posts;
}

/** A small seeded PRNG, so every run benchmarks the same stream. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
