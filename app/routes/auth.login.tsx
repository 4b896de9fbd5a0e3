// The login page the library sends a merchant to when an admin request names no valid shop (opened
// outside Shopify admin): a shop-domain form whose submit starts Shopify's OAuth through `login()`.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { assertFormBody } from "../server/form-request.server";
import { login } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

function loginError(errors: Awaited<ReturnType<typeof login>>): string | undefined {
  if (errors?.shop === LoginErrorType.MissingShop) return "Enter your shop's domain to log in.";
  if (errors?.shop === LoginErrorType.InvalidShop) return "Enter a valid shop domain, such as my-shop.myshopify.com.";
  return undefined;
}

// A GET with ?shop= starts OAuth at once (login() throws the redirect); without, the form shows.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  // login() reads a form from any request but a GET; a HEAD has none to read.
  if (request.method !== "GET") return { error: undefined };
  return { error: loginError(await login(request)) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  await assertFormBody(request);
  return { error: loginError(await login(request)) };
};

export default function Login() {
  const loaded = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Pairwise
              </Text>
              <TextField
                name="shop"
                label="Shop domain"
                helpText="my-shop.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={(submitted ?? loaded).error}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
