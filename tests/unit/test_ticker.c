/*
 * test_ticker.c: the periodic thread runs a pass at start, another on a
 * wake, stops without waiting out its interval, and with last_pass runs
 * once more after the stop request; after_pass runs once the thread has
 * been idle for TICKER_IDLE_SECONDS, and at its end when it has not since.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/ticker.h"

#include <stdatomic.h>
#include <time.h>

static atomic_int g_passes, g_afters;

static void count_pass(void)
{
    atomic_fetch_add(&g_passes, 1);
}

/* after_pass runs after its pass: never more often than the passes. */
static void count_after(void)
{
    if (atomic_load(&g_afters) < atomic_load(&g_passes))
        atomic_fetch_add(&g_afters, 1);
}

/* Waits up to five seconds for at least n passes. */
static int wait_passes(int n)
{
    for (int i = 0; i < 500 && atomic_load(&g_passes) < n; i++)
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    return atomic_load(&g_passes);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_start_wake_stop(void **state)
{
    (void)state;
    static struct ticker t = TICKER_INIT;
    atomic_store(&g_passes, 0);
    atomic_store(&g_afters, 0);
    t.seconds = 3600;
    t.run = count_pass;
    t.after_pass = count_after;
    ticker_wake(&t); /* not running: harmless */
    ticker_stop(&t);
    assert_false(ticker_running(&t));
    assert_int_equal(ticker_start(&t), 0);
    assert_true(ticker_running(&t));
    assert_int_equal(ticker_start(&t), 0); /* already running */
    assert_int_equal(wait_passes(1), 1);   /* the first pass at start */
    ticker_wake(&t);
    assert_int_equal(wait_passes(2), 2);
    double t0 = now_s();
    ticker_stop(&t); /* does not wait out the hour */
    assert_true(now_s() - t0 < 2.0);
    assert_false(ticker_running(&t));
    assert_int_equal(atomic_load(&g_passes), 2); /* no pass after the stop */
    assert_int_equal(atomic_load(&g_afters), 1); /* the wake came before idle: at the end */
    ticker_stop(&t);                             /* harmless twice */
}

static void test_last_pass(void **state)
{
    (void)state;
    static struct ticker t = TICKER_INIT;
    atomic_store(&g_passes, 0);
    atomic_store(&g_afters, 0);
    t.seconds = 3600;
    t.last_pass = true;
    t.run = count_pass;
    assert_int_equal(ticker_start(&t), 0);
    assert_int_equal(wait_passes(1), 1);
    ticker_stop(&t);
    assert_int_equal(atomic_load(&g_passes), 2); /* one more after the stop request */
    assert_int_equal(atomic_load(&g_afters), 0); /* no after_pass set */
}

/* Waits up to ten seconds for at least n after_pass calls. */
static int wait_afters(int n)
{
    for (int i = 0; i < 1000 && atomic_load(&g_afters) < n; i++)
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    return atomic_load(&g_afters);
}

static void test_after_pass_when_idle(void **state)
{
    (void)state;
    static struct ticker t = TICKER_INIT;
    atomic_store(&g_passes, 0);
    atomic_store(&g_afters, 0);
    t.seconds = 3600;
    t.run = count_pass;
    t.after_pass = count_after;
    assert_int_equal(ticker_start(&t), 0);
    assert_int_equal(wait_passes(1), 1);
    double t0 = now_s();
    assert_int_equal(wait_afters(1), 1); /* idle after the first pass */
    assert_true(now_s() - t0 >= TICKER_IDLE_SECONDS - 0.5);
    assert_int_equal(atomic_load(&g_passes), 1);
    ticker_wake(&t);
    assert_int_equal(wait_passes(2), 2);
    ticker_stop(&t);
    assert_int_equal(atomic_load(&g_afters), 2); /* and at the end, after the second */
}

static void test_interval(void **state)
{
    (void)state;
    static struct ticker t = TICKER_INIT;
    atomic_store(&g_passes, 0);
    t.seconds = 1;
    t.run = count_pass;
    assert_int_equal(ticker_start(&t), 0);
    assert_true(wait_passes(2) >= 2); /* the second pass a second after the first */
    ticker_stop(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_wake_stop),
        cmocka_unit_test(test_last_pass),
        cmocka_unit_test(test_after_pass_when_idle),
        cmocka_unit_test(test_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
