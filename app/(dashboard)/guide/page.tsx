import type { Metadata } from "next";
import { requirePageUser } from "@/app/_lib/guards";
import { BandBadge } from "@/components/ui/badge";

export const metadata: Metadata = { title: "Guide" };

export default async function GuidePage() {
  await requirePageUser("accounts:read");
  return (
    <article className="mx-auto flex max-w-3xl flex-col gap-6 leading-relaxed">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Reading and using scores</h1>
        <p className="text-muted-foreground">A two-minute guide for everyone who works the ranked list.</p>
      </header>
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">What the score is</h2>
        <p>
          Every account gets a score from 0 to 100 from the published scoring model. It adds up four kinds of evidence, each with a weight that
          marketing sets: <strong>fit</strong> (firmographics and technology stack against the ideal customer profile), <strong>engagement</strong>{" "}
          (what the account&apos;s people did: visits, downloads, demo requests — recent events count more than old ones),{" "}
          <strong>intent</strong> (third-party research surges on topics we sell into) and <strong>relationship</strong> (past deals, open
          opportunities, customer status).
        </p>
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">Bands</h2>
        <ul className="flex flex-col gap-2">
          <li className="flex items-center gap-3"><BandBadge band="A" /> 80–100: work these first; they look most like the customers who bought.</li>
          <li className="flex items-center gap-3"><BandBadge band="B" /> 60–79: strong candidates; look at what is missing in the explanation.</li>
          <li className="flex items-center gap-3"><BandBadge band="C" /> 40–59: nurture; marketing programmes rather than calls.</li>
          <li className="flex items-center gap-3"><BandBadge band="D" /> below 40: poor fit or no activity yet.</li>
        </ul>
        <p className="text-sm text-muted-foreground">A model can define its own bands; the whole app then uses them.</p>
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">Why an account scores as it does</h2>
        <p>
          No score comes without its reasons. The explanation lists every rule that matched and the points it gave, after time decay, and the
          points add up exactly to the score shown. Use it to open a conversation (&ldquo;you downloaded the ROI guide last week&rdquo;) and to
          spot what would move an account up.
        </p>
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">When scores change</h2>
        <p>
          Scores are recomputed when marketing publishes a model version; each publish is kept in the history, so trends show which accounts
          are warming up. Before publishing, marketing backtests a change on past outcomes, and managers can check on the insights page that
          higher bands really convert more, close bigger deals and close faster.
        </p>
      </section>
    </article>
  );
}
