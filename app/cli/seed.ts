// `npm run db:seed`: writes the demo shop into DATABASE_URL (migrated first) and learns its
// recommendations, as `npm run demo` does on a new database; rerunning rewrites the demo shop.
import "dotenv/config";
import { createPrismaClient } from "../db.server";
import { migrate } from "../db/migrate.server";
import { DEMO_SHOP } from "../dev/demo-catalog";
import { seedDemoShop } from "../dev/seed.server";
import { env } from "../env.server";
import { rebuildRecommendations } from "../recommender/store/pair-stats.server";

const databaseUrl = env().DATABASE_URL;
await migrate(databaseUrl);
const prisma = createPrismaClient(databaseUrl);
try {
  const counts = await seedDemoShop(prisma);
  const rebuilt = await rebuildRecommendations(prisma, DEMO_SHOP);
  console.log(
    `Seeded ${DEMO_SHOP}: ${counts.products} products, ${counts.variants} variants, ${counts.orders} orders; ` +
      `${rebuilt.neighbours.withNeighbours} products have recommendations.`,
  );
} finally {
  await prisma.$disconnect();
}
