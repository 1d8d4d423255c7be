package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing {@code show stat} and {@code show servers state} as HAProxy 2.6 really prints them. */
class StatCsvTest {

    @Test
    void readsServersByColumnNameFromRealShowStatOutput() throws Exception {
        List<StatRow> rows = StatCsv.parse(resource("show-stat.csv"));

        assertThat(rows).extracting(StatRow::name).containsExactly("s1", "app_2", "app_3");
        StatRow busy = rows.get(0);
        assertThat(busy.proxy()).isEqualTo("be");
        assertThat(busy.status()).isEqualTo("UP");
        assertThat(busy.currentSessions()).isEqualTo(1);
        assertThat(busy.queued()).isZero();
        assertThat(busy.checkPassed()).isTrue();
        assertThat(busy.idle()).isFalse();
        assertThat(busy.address()).isEqualTo("127.0.0.1:18081");
        assertThat(busy.fields()).containsEntry("algo", "").containsKey("h1_bytes_out");

        StatRow added = rows.get(1);
        assertThat(added.status()).isEqualTo("MAINT");
        assertThat(added.checkStatus()).isEmpty();
        assertThat(added.checkPassed()).isFalse();
        assertThat(added.idle()).isTrue();

        assertThat(rows.get(2).status()).isEqualTo("DRAIN");
    }

    @Test
    void columnsAreFoundByNameWhereverTheyAre() {
        String csv = "# svname,status,pxname,qcur,scur\nweb_1,UP 1/3,be,2,7\n";
        StatRow row = StatCsv.parse(csv).get(0);
        assertThat(row.name()).isEqualTo("web_1");
        assertThat(row.proxy()).isEqualTo("be");
        assertThat(row.status()).isEqualTo("UP 1/3");
        assertThat(row.queued()).isEqualTo(2);
        assertThat(row.currentSessions()).isEqualTo(7);
    }

    @Test
    void aCheckUnderWayStillShowsWhetherTheLastOnePassed() {
        // HAProxy puts "* " before the last result while the next check runs
        String csv = "# pxname,svname,status,scur,qcur,check_status\n"
                + "be,web_1,MAINT,0,0,* L7OK\n"
                + "be,web_2,MAINT,0,0,* L4CON\n"
                + "be,web_3,MAINT,0,0,INI\n"
                + "be,web_4,MAINT,0,0,L6OK\n";
        assertThat(StatCsv.parse(csv)).extracting(StatRow::checkPassed).containsExactly(true, false, false, true);
    }

    @Test
    void somethingElseThanTheCsvIsRefused() {
        assertThatThrownBy(() -> StatCsv.parse("No such proxy.\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the CSV of 'show stat'");
        assertThatThrownBy(() -> StatCsv.parse("# pxname,svname,scur\nbe,s1,many\n"))
                .hasMessageContaining("'scur' is 'many': expected a number");
    }

    @Test
    void readsRealShowServersStateOutput() throws Exception {
        List<ServerStateRow> rows = ServerStateText.parse(resource("show-servers-state.txt"));

        assertThat(rows).extracting(ServerStateRow::name).containsExactly("s1", "app_2", "app_3");
        assertThat(rows.get(0)).satisfies(r -> {
            assertThat(r.backend()).isEqualTo("be");
            assertThat(r.address()).isEqualTo("127.0.0.1");
            assertThat(r.port()).isEqualTo(18081);
            assertThat(r.operationalState()).isEqualTo(2);
            assertThat(r.inMaintenance()).isFalse();
            assertThat(r.draining()).isFalse();
        });
        assertThat(rows.get(1).inMaintenance()).isTrue();
        assertThat(rows.get(1).port()).isEqualTo(18082);
        assertThat(rows.get(2).draining()).isTrue();
        assertThat(rows.get(2).inMaintenance()).isFalse();
    }

    @Test
    void showServersStateOfAnotherFormatIsRefused() {
        assertThatThrownBy(() -> ServerStateText.parse("Can't find backend.\n"))
                .hasMessageContaining("not the output of 'show servers state'");
    }

    private static String resource(String name) throws Exception {
        return Files.readString(Path.of(StatCsvTest.class.getResource("/haproxy/" + name).toURI()));
    }
}
