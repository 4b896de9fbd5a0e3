import { describe, expect, it } from "vitest";
import { basketOf } from "./order-merge";

describe("basketOf", () => {
  it("leaves out products whose id a JS number cannot hold, instead of failing the order's ingestion", () => {
    const line = (productId: bigint | null, refundedQuantity = 0) => ({ productId, quantity: 1, refundedQuantity });
    expect(
      basketOf([
        line(1n),
        line(9007199254740991n),
        line(788032119674292922n),
        line(788032119674292923n),
        line(null),
        line(2n, 1),
      ]),
    ).toEqual([1, 9007199254740991]);
  });
});
