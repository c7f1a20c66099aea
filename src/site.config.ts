/**
 * Everything a coach would change without touching code lives here.
 * Pages, feeds, emails and content defaults all read from this one object.
 */

/**
 * Marks a value this site ships with as an example, to be replaced before it goes live:
 * `npm run check:launch` lists every one still here, with its line. Write your own value in
 * plain quotes in its place, e.g. coachName: 'Sam Rivera'.
 */
const example = <T>(value: T): T => value;

export const SITE = {
  /** The practice's name, shown in the header, titles and emails. */
  name: 'Unstuck',
  /** One line under the name: who this is for. */
  tagline: 'Career and life coaching for people ready to move again',
  /** The coach's full name, used as the default author of posts. */
  coachName: example('Maya Ellison'),
  /** Who the coach is, after "I'm <name>," on the home page and in the About page's summary. Claim only what is true. */
  coachCredentials: example('a certified coach and former hiring manager'),
  /** A short line about the coach for the footer. */
  coachBio: example(
    'Certified coach and former hiring manager. I help people untangle what they want and take the next real step toward it.',
  ),
  /** Public site address, used for canonical URLs, the sitemap and RSS. No trailing slash. */
  url: example('https://unstuck.example.com'),
  /** The address shown on the site for questions. */
  contactEmail: example('hello@unstuck.example.com'),
  /** Where a prospect books a first session (any scheduling tool). */
  bookingUrl: example('https://cal.example.com/unstuck/intro'),
  /** The coach's time zone (IANA name), used for session times and homework deadlines. */
  timeZone: 'America/Chicago',
  /** When the coach's morning summary goes out (24-hour HH:MM in `timeZone`): answers, texts to send, what is due or overdue, what arrived and what was held as spam. */
  morningSummaryAt: '07:00',
  /** Language of the site, for the <html lang> attribute and feeds. */
  locale: 'en',
  /** Links shown in the footer. Remove a line to hide it. */
  social: [
    { label: 'LinkedIn', href: example('https://www.linkedin.com/in/example-coach') },
    { label: 'Instagram', href: example('https://www.instagram.com/example.coach') },
  ],
  /** The packages on the services page, in order: name, price as shown, one-line summary and what is included. */
  packages: [
    {
      id: 'unstuck-session',
      name: 'Unstuck session',
      price: example('$180'),
      summary: 'One focused session for a specific knot: a decision, an interview, a resume that is not landing.',
      includes: [
        'Intake questionnaire and review of your resume, cover letter and LinkedIn before we meet',
        'One 75-minute session',
        'An exercise or coaching inquiry to take away',
        'Homework you set yourself, with one check-in by email or text',
      ],
    },
    {
      id: 'clarity-package',
      name: 'Clarity package',
      price: example('$480'),
      summary: 'Three sessions to work out what you want next and turn it into a plan you will actually follow.',
      includes: [
        'Intake questionnaire and materials review',
        'Three 60-minute sessions, usually two weeks apart',
        'Exercises in and between sessions, with a debrief each time',
        'Coaching inquiries to reflect on between sessions',
        'Homework check-ins by email or text',
        'Support between sessions by email',
      ],
    },
    {
      id: 'transition-package',
      name: 'Transition package',
      price: example('$900'),
      summary: 'Six sessions for a job search or career change, from getting clear to getting hired.',
      includes: [
        'Intake questionnaire and materials review',
        'Six 60-minute sessions over about three months',
        'Exercises, coaching inquiries and debriefs throughout',
        'Practical job-search strategy: resume language, interview preparation, networking',
        'Homework check-ins by email or text',
        'Support between sessions by email, plus a short call if you get stuck',
      ],
    },
  ],
  /** How many months a client's data is kept after their latest submission, then deleted. */
  retentionMonths: 24,
  /** Posts per page on the blog index. */
  postsPerPage: 10,
  /** Words read per minute, for a post's reading time. */
  wordsPerMinute: 220,
} as const;

export type SiteConfig = typeof SITE;
