package cn.unioncard.registry.events.card;

/**
 * The free cover an activated card brings (seed §二.2): traffic accident up to 200,000 CNY (100,000 in
 * road passenger transport), and a hospital allowance of 30 CNY a day for at most 90 days.
 */
public record InsuranceCover(int trafficAccidentCny, int roadPassengerCny, int hospitalDailyCny, int hospitalMaxDays) {

    public static final InsuranceCover STANDARD = new InsuranceCover(200_000, 100_000, 30, 90);
}
