import { buildOpenApiDocument } from "@/lib/validation/openapi";

/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, public (it describes, it grants nothing). */
export async function GET(): Promise<Response> {
  return Response.json(buildOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
