package dev.serverpatterns.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart without a display (headless AWT) and saved twice: PNG
 * for the Markdown page, SVG for anyone who wants to zoom.
 */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    /** One line of an XY chart: a pattern's points, in x order, and its colour (the same in every chart). */
    record Line(String name, List<Double> x, List<Double> y, Color color) {
    }

    /** Colours for the patterns, by their place in the report's list; the yardstick is black. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    static Color colour(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    private Charts() {
    }

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // before the first AWT class loads
        }
    }

    /** An XY chart of one line per pattern; the yardstick's is black and dashed. */
    static XYChart lines(String title, String xTitle, String yTitle, List<Line> lines, boolean logX) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setXAxisDecimalPattern("#,###");
        styler.setChartBackgroundColor(Color.WHITE);
        for (Line line : lines) {
            if (line.x().isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(line.name(), line.x(), line.y());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(line.color());
            s.setMarkerColor(line.color());
            if (Report.YARDSTICK.equals(line.name())) {
                s.setLineColor(Color.BLACK);
                s.setMarkerColor(Color.BLACK);
                s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        return chart;
    }

    /** A bar per pattern. */
    static CategoryChart bars(String title, String yTitle, Map<String, Double> values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("pattern").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.addSeries(yTitle, List.copyOf(values.keySet()), List.copyOf(values.values()));
        return chart;
    }

    static boolean isEmpty(Chart<?, ?> chart) {
        return chart.getSeriesMap().isEmpty();
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    static void save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        BitmapEncoder.saveBitmap(chart, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name + ".svg").toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
