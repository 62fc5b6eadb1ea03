package com.example.browser;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For in-process tests: starts the front end's {@link PageServer} before Quarkus, so its origin can be the allowed one,
 * and injects it into the test's {@code PageServer} field.
 */
public class PageOrigin implements QuarkusTestResourceLifecycleManager {

    private PageServer page;

    @Override
    public Map<String, String> start() {
        page = PageServer.start();
        return Map.of("quarkus.http.cors.origins", page.origin(BrowserContract.ALLOWED_HOST));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(page, new TestInjector.MatchesType(PageServer.class));
    }

    @Override
    public void stop() {
        page.close();
    }
}
